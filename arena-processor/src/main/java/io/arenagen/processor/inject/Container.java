package io.arenagen.processor.inject;

import com.palantir.javapoet.ClassName;
import io.arenagen.ComponentModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A resolved {@link ComponentModel} ({@link ComponentModel#DEFAULT} is never one): the annotations it
 * puts on the generated class, its constructor and its disposal method, and the Maven dependency that
 * brings them. The one place that spells a container's annotation names; the processor does not link
 * against any container, so they are names, checked against the compile class path before use.
 */
public enum Container {
    /** No annotations. */
    NONE(List.of(), null, null, null),
    /** Jakarta Inject: {@code @Singleton @Named} class, {@code @Inject} constructor. */
    JAKARTA(List.of(Names.JAKARTA_SINGLETON, ClassName.get("jakarta.inject", "Named")), Names.JAKARTA_INJECT, null,
            "jakarta.inject:jakarta.inject-api (version 2.0.1 or later)"),
    /** JSR-330: {@code @Singleton @Named} class, {@code @Inject} constructor, in {@code javax.inject}. */
    JSR330(List.of(ClassName.get("javax.inject", "Singleton"), ClassName.get("javax.inject", "Named")),
            ClassName.get("javax.inject", "Inject"), null, "javax.inject:javax.inject (version 1)"),
    /** Spring: {@code @Component}; Spring closes {@link AutoCloseable} singletons with their context. */
    SPRING(List.of(ClassName.get("org.springframework.stereotype", "Component")), null, null,
            "org.springframework:spring-context (the version of your Spring)"),
    /**
     * CDI: the {@code @Singleton} pseudo-scope (no proxy, so the final class is fine), {@code @Inject}
     * constructor, {@code @PreDestroy} on a method that closes the arena.
     */
    CDI(List.of(Names.JAKARTA_SINGLETON), Names.JAKARTA_INJECT, ClassName.get("jakarta.annotation", "PreDestroy"),
            "jakarta.enterprise:jakarta.enterprise.cdi-api (version 4.1.0 or later; it brings jakarta.annotation-api)");

    /** The processor option that sets the model of every arena whose {@code componentModel} is {@code DEFAULT}. */
    public static final String DEFAULT_OPTION = "arenagen.defaultComponentModel";

    private final List<ClassName> classAnnotations;
    private final ClassName inject;
    private final ClassName preDestroy;
    private final String dependency;

    Container(List<ClassName> classAnnotations, ClassName inject, ClassName preDestroy, String dependency) {
        this.classAnnotations = classAnnotations;
        this.inject = inject;
        this.preDestroy = preDestroy;
        this.dependency = dependency;
    }

    /** Annotation names shared by several constants (an enum constant cannot refer to a static field of its own enum). */
    private static final class Names {
        static final ClassName JAKARTA_SINGLETON = ClassName.get("jakarta.inject", "Singleton");
        static final ClassName JAKARTA_INJECT = ClassName.get("jakarta.inject", "Inject");
    }

    /** The annotations on the generated class. */
    public List<ClassName> classAnnotations() {
        return classAnnotations;
    }

    /** The annotation on the constructor a container calls, if the container needs one. */
    public Optional<ClassName> inject() {
        return Optional.ofNullable(inject);
    }

    /** The annotation on a method that closes the arena when the container destroys it, if the container needs one. */
    public Optional<ClassName> preDestroy() {
        return Optional.ofNullable(preDestroy);
    }

    /** Every annotation type this container's code refers to: all must be on the compile class path. */
    List<ClassName> requiredTypes() {
        List<ClassName> types = new ArrayList<>(classAnnotations);
        inject().ifPresent(types::add);
        preDestroy().ifPresent(types::add);
        return types;
    }

    /** The canonical names of every annotation any container puts on generated code, for the processor to claim. */
    public static Set<String> claimedAnnotations() {
        Set<String> names = new TreeSet<>();
        for (Container container : values()) {
            container.requiredTypes().forEach(type -> names.add(type.canonicalName()));
        }
        return names;
    }

    /**
     * The dependency that brings {@link #requiredTypes()}: its {@code groupId:artifactId}, the form Maven and
     * Gradle both understand, and the version to pick.
     */
    public String dependency() {
        return dependency;
    }

    /** Whether a container constructs the class (every model but {@link #NONE}). */
    boolean constructsTheArena() {
        return this != NONE;
    }

    /** Whether this is a JSR-330 flavour, whose users may want the generated Dagger and Guice modules. */
    boolean isJsr330Family() {
        return this == JAKARTA || this == JSR330;
    }

    /** The container of an explicit model; {@code buildDefault} for {@link ComponentModel#DEFAULT}. */
    public static Container of(ComponentModel model, Container buildDefault) {
        return switch (model) {
            case DEFAULT -> buildDefault;
            case NONE -> NONE;
            case JAKARTA -> JAKARTA;
            case JSR330 -> JSR330;
            case SPRING -> SPRING;
            case CDI -> CDI;
        };
    }

    /**
     * The container named by the value of {@link #DEFAULT_OPTION}: the lower-case name of a
     * {@link ComponentModel} constant ({@code default} means none, as in MapStruct), or empty if it
     * names none.
     */
    public static Optional<Container> ofOption(String value) {
        for (ComponentModel model : ComponentModel.values()) {
            if (model.name().toLowerCase(Locale.ROOT).equals(value)) {
                return Optional.of(of(model, NONE));
            }
        }
        return Optional.empty();
    }

    /** The values {@link #ofOption} accepts, for the error message. */
    public static String optionValues() {
        return Stream.of(ComponentModel.values()).map(model -> model.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}

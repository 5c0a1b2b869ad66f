package io.arenagen.processor.inject;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.processor.ArenaProcessor;
import io.arenagen.processor.arena.ArenaModel;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Generated;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * The injection part of generation, kept apart from {@code ArenaGenerator}'s layout and dispatch: the
 * container's annotations on the class and its constructor, the fixed name of an SHM arena with the
 * no-argument constructor that opens it, a disposal method for CDI, and the binding modules
 * ({@code <Interface>DaggerModule}, {@code <Interface>GuiceModule}) that let Dagger and Guice inject
 * the interface without a binding written by the user.
 */
public final class InjectionGenerator {

    private static final ClassName DAGGER_MODULE = ClassName.get("dagger", "Module");
    private static final ClassName DAGGER_BINDS = ClassName.get("dagger", "Binds");
    private static final ClassName GUICE_MODULE = ClassName.get("com.google.inject", "AbstractModule");
    private static final ClassName GUICE_SINGLETON = ClassName.get("com.google.inject", "Singleton");

    private InjectionGenerator() {
    }

    /** The container's annotations on the generated class. */
    public static void annotateClass(TypeSpec.Builder type, Injection injection) {
        for (ClassName annotation : injection.container().classAnnotations()) {
            type.addAnnotation(annotation);
        }
    }

    /** The container's annotation on the constructor it calls, the no-argument one. */
    public static void annotateConstructor(MethodSpec.Builder constructor, Injection injection) {
        injection.container().inject().ifPresent(constructor::addAnnotation);
    }

    /** {@code NAME}, the object that the no-argument constructor of an SHM arena opens. */
    public static FieldSpec nameConstant(String name) {
        return FieldSpec.builder(String.class, "NAME", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The shared-memory object that the no-argument constructor opens ({@code @Arena(name = ...)}).\n")
                .initializer("$S", name)
                .build();
    }

    /** The method that closes the arena when the container destroys it, for containers that need one (CDI). */
    public static void addDisposal(TypeSpec.Builder type, Injection injection) {
        injection.container().preDestroy().ifPresent(preDestroy -> type.addMethod(
                MethodSpec.methodBuilder("closeOnDestroy")
                        .addJavadoc("Closes the arena when the container destroys this bean (at its shutdown, for a\n"
                                + "singleton). Closing unmaps; it does not unlink a shared-memory object.\n")
                        .addAnnotation(preDestroy)
                        .addStatement("close()")
                        .build()));
    }

    /**
     * The binding modules to write beside {@code model}'s class: for a JSR-330 model, a Dagger module
     * when Dagger is on the class path and a Guice module when Guice is.
     */
    public static List<JavaFile> bindingModules(ArenaModel model, Element originatingElement, boolean annotateGenerated) {
        List<JavaFile> files = new ArrayList<>();
        Injection injection = model.injection();
        if (injection.daggerModule()) {
            ClassName name = sibling(model, "DaggerModule");
            TypeSpec.Builder module = generated(TypeSpec.interfaceBuilder(name), annotateGenerated)
                    .addOriginatingElement(originatingElement)
                    .addJavadoc("Dagger module binding {@link $T} to the generated {@link $T}, a {@code @Singleton}: "
                            + "list it in\n{@code @Component(modules = $T.class)} of a {@code @Singleton} component. "
                            + "Dagger has no shutdown;\nthe code that drops the component closes the arena.\n",
                            model.iface(), model.impl(), name)
                    .addModifiers(Modifier.PUBLIC)
                    .addAnnotation(DAGGER_MODULE)
                    .addMethod(MethodSpec.methodBuilder("bind" + String.join("_", model.iface().simpleNames()))
                            .addJavadoc("The arena, wherever its interface is injected.\n")
                            .addAnnotation(DAGGER_BINDS)
                            .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                            .returns(model.iface())
                            .addParameter(model.impl(), "arena")
                            .build());
            files.add(file(name, module));
        }
        if (injection.guiceModule()) {
            ClassName name = sibling(model, "GuiceModule");
            TypeSpec.Builder module = generated(TypeSpec.classBuilder(name), annotateGenerated)
                    .addOriginatingElement(originatingElement)
                    .addJavadoc("Guice module binding {@link $T} to the generated {@link $T}, a singleton: "
                            + "{@code Guice.createInjector(new $T())}.\nGuice has no shutdown; the code that drops "
                            + "the injector closes the arena.\n", model.iface(), model.impl(), name)
                    .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .superclass(GUICE_MODULE)
                    .addMethod(MethodSpec.constructorBuilder()
                            .addJavadoc("A module for one injector.\n")
                            .addModifiers(Modifier.PUBLIC)
                            .build())
                    .addMethod(MethodSpec.methodBuilder("configure")
                            .addAnnotation(Override.class)
                            .addModifiers(Modifier.PROTECTED)
                            .returns(TypeName.VOID)
                            .addComment("Guice's own scope annotation: Guice 7 ignores javax.inject, Guice 6 reads both")
                            .addStatement("bind($T.class).in($T.class)", model.impl(), GUICE_SINGLETON)
                            .addStatement("bind($T.class).to($T.class)", model.iface(), model.impl())
                            .build());
            files.add(file(name, module));
        }
        return files;
    }

    /** {@code <Interface><suffix>} beside the generated class ({@code Outer_Inner<suffix>} for a nested interface). */
    private static ClassName sibling(ArenaModel model, String suffix) {
        return ClassName.get(model.impl().packageName(), String.join("_", model.iface().simpleNames()) + suffix);
    }

    /** {@code type}, with {@code @Generated} first when it is visible, as on the arena class. */
    private static TypeSpec.Builder generated(TypeSpec.Builder type, boolean annotateGenerated) {
        if (annotateGenerated) {
            type.addAnnotation(AnnotationSpec.builder(Generated.class)
                    .addMember("value", "$S", ArenaProcessor.class.getName())
                    .build());
        }
        return type;
    }

    private static JavaFile file(ClassName name, TypeSpec.Builder type) {
        return JavaFile.builder(name.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }
}

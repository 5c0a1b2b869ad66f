package io.arenagen.processor.inject;

import com.palantir.javapoet.ClassName;
import io.arenagen.Backend;
import io.arenagen.ComponentModel;
import io.arenagen.processor.arena.ArenaModel;
import io.arenagen.processor.arena.ArenaValues;
import io.arenagen.processor.common.ErrorReporter;
import io.arenagen.processor.common.ProcessorError;
import io.arenagen.runtime.layout.ShmName;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks {@code componentModel} and {@code name} of one {@code @Arena} and resolves them into an
 * {@link Injection}: the name by the run-time rules of {@link ShmName} (so a name is refused with the
 * same words at compile time as at run time) and only on an SHM arena; a container that constructs an
 * SHM arena needs the name (a container calls the no-argument constructor); with reclamation, the name leaves
 * room for the companion {@code <name>.owners} ({@link ShmName#companionViolation}); the container's
 * annotations must be on the compile class path. Each error sits on the value it is about, or on the
 * annotation when the value comes from the build's default.
 */
public final class InjectionValidator {

    /** A type from Dagger's annotations jar, present when Dagger is on the compile class path. */
    static final String DAGGER_MODULE = "dagger.Module";

    /** A type from Guice, present when Guice is on the compile class path. */
    static final String GUICE_MODULE = "com.google.inject.AbstractModule";

    /** Dagger's annotation processor, which turns {@code <Interface>DaggerModule} into code. */
    public static final String DAGGER_PROCESSOR = "dagger.internal.codegen.ComponentProcessor";

    private final Elements elements;
    private final ErrorReporter errors;
    private final Container buildDefault;
    private final boolean daggerProcessor;

    /**
     * @param buildDefault the container of {@code componentModel = DEFAULT}, from the processor option
     * @param daggerProcessor whether Dagger's processor runs in this compilation: without it a Dagger module
     *     is of no use, and its {@code @Module} and {@code @Binds}, which no processor would claim, would fail
     *     a {@code -Xlint:all -Werror} build ("No processor claimed any of these annotations")
     */
    public InjectionValidator(Elements elements, ErrorReporter errors, Container buildDefault, boolean daggerProcessor) {
        this.elements = elements;
        this.errors = errors;
        this.buildDefault = buildDefault;
        this.daggerProcessor = daggerProcessor;
    }

    /**
     * Reports every broken injection rule of {@code element}'s annotation {@code mirror} and returns the
     * resolved injection; empty if a value is erroneous (the compiler reported it) or a rule is broken.
     */
    public Optional<Injection> validate(TypeElement element, AnnotationMirror mirror, ArenaValues arena) {
        Backend backend = arena.backend();
        Optional<InjectionValues> read = InjectionValues.read(mirror);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        InjectionValues values = read.get();
        int errorsBefore = errors.errorCount();
        Container container = Container.of(values.componentModel(), buildDefault);
        AnnotationValue modelValue = values.componentModelValue().orElse(null);
        String modelShown = values.componentModel() == ComponentModel.DEFAULT
                ? "the build's default component model " + container.name() + " (-A" + Container.DEFAULT_OPTION + ")"
                : "componentModel = " + container.name();
        if (values.nameValue().isPresent() && values.name().isPresent()) {
            String name = values.name().get();
            AnnotationValue nameValue = values.nameValue().get();
            if (backend == Backend.LOCAL) {
                errors.error(ProcessorError.NAME_ON_LOCAL, "name = \"" + name + "\" is given to a LOCAL arena, but "
                        + "only a shared-memory object has a name (a LOCAL arena lives in private memory); remove "
                        + "name, or add backend = Backend.SHM", element, mirror, nameValue);
            } else {
                Optional<String> violation = ShmName.violation(name);
                violation.ifPresent(broken -> errors.error(ProcessorError.INVALID_SHM_NAME, "name: " + broken, element,
                        mirror, nameValue));
                if (violation.isEmpty() && arena.reclamation()) { // the rule and its words are the runtime's
                    ShmName.companionViolation(name).ifPresent(broken -> errors.error(
                            ProcessorError.RECLAMATION_NAME_TOO_LONG, "name: " + broken, element, mirror, nameValue));
                }
            }
        }
        if (backend == Backend.SHM && container.constructsTheArena() && values.name().isEmpty()) {
            errors.error(ProcessorError.COMPONENT_MODEL_NEEDS_NAME, modelShown + " makes a container construct "
                    + implName(element) + " with no arguments, but SHM arena " + element.getSimpleName()
                    + " names no shared-memory object; add name = \"/" + element.getSimpleName()
                    + "\" (any valid shared-memory name) to @Arena", element, mirror, modelValue);
        }
        if (arena.confined() && container.constructsTheArena()) {
            // On the componentModel value when written; else the build's default is to blame, shown on confined.
            errors.error(ProcessorError.CONFINED_CONTAINER, "confined = true with " + modelShown + ": the container "
                    + "constructs " + implName(element) + " on a thread of its own, hands it to other threads and "
                    + "closes it at shutdown on yet another, but a confined arena refuses every thread except the one "
                    + "that constructed it; for a confined arena per thread, set componentModel = ComponentModel.NONE "
                    + "and construct it with `new " + implName(element) + "()` in the thread that uses it, or remove "
                    + "confined for a shared arena that the container can inject anywhere", element, mirror,
                    modelValue != null ? modelValue : arena.confinedValue());
        }
        for (ClassName required : container.requiredTypes()) {
            if (!isVisible(element, required.canonicalName())) {
                errors.error(ProcessorError.COMPONENT_MODEL_UNAVAILABLE, modelShown + " puts @"
                        + required.canonicalName() + " on " + implName(element) + ", but that type is not on the "
                        + "compile class path; add the dependency " + container.dependency()
                        + " to the build's compile class path", element, mirror, modelValue);
                break;
            }
        }
        if (errors.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        boolean jsr330 = container.isJsr330Family();
        return Optional.of(new Injection(container, backend == Backend.SHM ? values.name() : Optional.empty(),
                jsr330 && daggerProcessor && isVisible(element, DAGGER_MODULE), jsr330 && isVisible(element, GUICE_MODULE)));
    }

    /** Whether {@code name} resolves from {@code element}'s module (any type, for an unnamed module). */
    private boolean isVisible(TypeElement element, String name) {
        ModuleElement module = elements.getModuleOf(element);
        return (module == null ? elements.getTypeElement(name) : elements.getTypeElement(module, name)) != null;
    }

    private static String implName(TypeElement element) {
        return ArenaModel.implNameOf(ClassName.get(element)).simpleName();
    }
}

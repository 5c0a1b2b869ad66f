package io.arenagen.processor.arena;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import io.arenagen.processor.common.ErrorReporter;
import io.arenagen.processor.common.GeneratedVisibility;
import io.arenagen.processor.common.SourceWriter;
import io.arenagen.processor.inject.Container;
import io.arenagen.processor.inject.Injection;
import io.arenagen.processor.inject.InjectionGenerator;
import io.arenagen.processor.inject.InjectionValidator;
import io.arenagen.processor.struct.StructValidator;
import io.arenagen.runtime.layout.ArenaLayout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The {@code @Arena} declaration kind, for {@code ArenaProcessor}: checks a declaration (the type, the layout
 * values, the injection values, the held structs), builds its {@link ArenaModel} and generates
 * {@code <Interface>Impl}, its thread-cache class and its binding modules. A bad declaration gets every error
 * on its values and no class.
 */
public final class ArenaDeclarations {

    /** The canonical name of {@code @Arena}. */
    public static final String ARENA = "io.arenagen.Arena";

    private final Elements elements;
    private final ErrorReporter errors;
    private final SourceWriter writer;
    private final TargetValidator targetValidator;
    private final ValueValidator valueValidator;
    private final HeldStructValidator heldStructValidator;
    private final ArenaMemberValidator memberValidator;
    /** Null when the build-wide default component model is invalid: then nothing is generated. */
    private final InjectionValidator injectionValidator;

    /**
     * @param environment the processor's environment
     * @param errors where errors go
     * @param structs the {@code @Struct} records of the compilation, which arenas hold
     * @param buildDefault the build-wide default component model; empty if the processor option is invalid
     * @param daggerProcessor whether Dagger's processor is on the processor path
     * @param writer writes the generated classes
     */
    public ArenaDeclarations(ProcessingEnvironment environment, ErrorReporter errors, StructValidator structs,
                             Optional<Container> buildDefault, boolean daggerProcessor, SourceWriter writer) {
        this.elements = environment.getElementUtils();
        this.errors = errors;
        this.writer = writer;
        this.targetValidator = new TargetValidator(elements, environment.getTypeUtils(), errors);
        this.valueValidator = new ValueValidator(errors);
        this.heldStructValidator = new HeldStructValidator(errors, structs);
        this.memberValidator = new ArenaMemberValidator(elements, environment.getTypeUtils(), errors);
        this.injectionValidator = buildDefault
                .map(model -> new InjectionValidator(elements, errors, model, daggerProcessor)).orElse(null);
    }

    /**
     * Validates every part of the declaration on its own (the type, the layout values, the injection values,
     * the held structs), so that one compile reports every problem; generates only when none was found.
     *
     * @throws IOException if a class cannot be written
     */
    public void process(TypeElement element) throws IOException {
        Optional<AnnotationMirror> mirror = arenaMirror(element);
        if (mirror.isEmpty()) {
            return;
        }
        int errorsBefore = errors.errorCount();
        Optional<ArenaValues> values = ArenaValues.read(elements, mirror.get());
        List<String> heldNames = values.map(ArenaDeclarations::heldSimpleNames).orElse(List.of());
        targetValidator.validate(element, heldNames);
        boolean layoutValid = values.isPresent() && valueValidator.validate(element, values.get());
        // With an invalid -Aarenagen.defaultComponentModel (reported by the processor) injection is not checked:
        // nothing is generated.
        Optional<Injection> injection = injectionValidator == null ? Optional.empty()
                : values.flatMap(read -> injectionValidator.validate(element, mirror.get(), read));
        Optional<ArenaLayout> layout = layoutValid
                ? Optional.of(ArenaLayout.of(values.get().count(), values.get().sizes())) : Optional.empty();
        Optional<List<ArenaModel.HeldStruct>> held = values.flatMap(read -> heldStructValidator.validate(element, read,
                layout.map(ArenaLayout::sizes), declaredTypedAllocation(element, heldNames)));
        if (layout.isEmpty() || injection.isEmpty() || held.isEmpty() || errors.errorCount() > errorsBefore) {
            return; // every problem is reported; nothing is generated for this arena
        }
        ArenaValues arena = values.get();
        ClassName iface = ClassName.get(element);
        ArenaModel model = new ArenaModel(iface, ArenaModel.implNameOf(iface), arena.backend(), arena.checked(),
                arena.confined(), arena.reclamation(), layout.get(), held.get(), injection.get());
        boolean annotateGenerated = GeneratedVisibility.isVisible(elements, element);
        JavaFile generated = ArenaGenerator.generate(model, element, annotateGenerated);
        if (!memberValidator.validate(element, generated.typeSpec())) {
            return; // a member of the interface clashes with one of the generated class, reported on it
        }
        writer.write(generated);
        if (!model.confined()) {
            writer.write(ThreadCacheGenerator.generate(model, element, annotateGenerated));
        }
        for (JavaFile module : InjectionGenerator.bindingModules(model, element, annotateGenerated)) {
            writer.write(module);
        }
    }

    private static List<String> heldSimpleNames(ArenaValues values) {
        List<String> names = new ArrayList<>();
        for (TypeMirror held : values.held()) {
            if (held instanceof DeclaredType declared) {
                names.add(declared.asElement().getSimpleName().toString());
            }
        }
        return names;
    }

    /** The names of the typed allocation methods that {@code element} declares (the generated ones override them). */
    private Set<String> declaredTypedAllocation(TypeElement element, List<String> heldNames) {
        Set<String> declared = new LinkedHashSet<>();
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
            if (method.getModifiers().contains(Modifier.ABSTRACT) && TargetValidator.isTypedAllocation(method, heldNames)) {
                declared.add(method.getSimpleName().toString());
            }
        }
        return declared;
    }

    private Optional<AnnotationMirror> arenaMirror(TypeElement element) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(ARENA)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }
}

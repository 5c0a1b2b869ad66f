package io.arenagen.processor.ring;

import io.arenagen.processor.common.SourceWriter;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * The {@code @Ring} declaration kind, for {@code ArenaProcessor}: checks a declaration
 * ({@link RingValidator}) and generates its class ({@link RingGenerator}). A bad declaration gets every
 * error on its values and no class.
 */
public final class RingDeclarations {

    /** The canonical name of {@code @Ring}. */
    public static final String RING = "io.arenagen.Ring";

    private final SourceWriter writer;
    private final RingValidator validator;

    /**
     * @param environment the processor's environment
     * @param containers the container of a {@code ComponentModel} constant's name, from the processor's own
     *     table (and its build-wide default for {@code DEFAULT})
     * @param structs the layout of a {@code @Struct} record given as {@code element}, from the struct declaration
     *     kind; empty when the record is invalid (its errors are reported on it)
     * @param writer writes the generated classes
     */
    public RingDeclarations(ProcessingEnvironment environment, Function<String, RingContainer> containers,
                            Function<TypeElement, Optional<RingStruct>> structs, SourceWriter writer) {
        this.writer = writer;
        this.validator = new RingValidator(environment.getElementUtils(), environment.getTypeUtils(),
                environment.getMessager(), containers, structs);
    }

    /**
     * Checks {@code element}'s {@code @Ring} and writes its class if it is sound.
     *
     * @throws IOException if the class cannot be written
     */
    public void process(TypeElement element) throws IOException {
        Optional<AnnotationMirror> mirror = element.getAnnotationMirrors().stream()
                .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(RING))
                .map(m -> (AnnotationMirror) m).findFirst();
        if (mirror.isEmpty()) {
            return;
        }
        Optional<RingModel> model = validator.validate(element, mirror.get());
        if (model.isPresent()) {
            writer.write(RingGenerator.generate(model.get(), element));
        }
    }
}

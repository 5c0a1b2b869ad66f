package io.arenagen.processor.ring;

import com.palantir.javapoet.ClassName;

import java.util.List;

/**
 * What a component model puts on a generated queue, as the arenas' container table says it (the
 * processor's hook translates its own table into this, so both kinds of declaration get the same beans).
 *
 * @param model the model's name, for messages
 * @param classAnnotations the annotations on the generated class
 * @param inject the annotation on the constructor the container calls, or null
 * @param preDestroy the annotation on the method that closes the queue, or null
 * @param dependency the Maven coordinates that bring the annotations, or null for no container
 */
public record RingContainer(String model, List<ClassName> classAnnotations, ClassName inject, ClassName preDestroy,
                            String dependency) {

    /** No container: no annotations. */
    public static final RingContainer NONE = new RingContainer("NONE", List.of(), null, null, null);

    /** Copies the list. */
    public RingContainer {
        classAnnotations = List.copyOf(classAnnotations);
    }

    /** Whether a container constructs the class. */
    boolean constructs() {
        return dependency != null;
    }
}

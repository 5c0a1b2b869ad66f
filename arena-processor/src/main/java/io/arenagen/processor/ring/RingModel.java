package io.arenagen.processor.ring;

import com.palantir.javapoet.ClassName;
import io.arenagen.runtime.queue.RingLayout;

/**
 * A checked {@code @Ring} declaration, ready to generate.
 *
 * @param iface the annotated interface
 * @param impl the generated class
 * @param layout the queue's layout
 * @param shared whether the queue lives in shared memory
 * @param name the object's name, or null
 * @param container what a container needs on the class
 * @param struct the {@code @Struct} element, or null for 64-bit values
 */
record RingModel(ClassName iface, ClassName impl, RingLayout layout, boolean shared, String name,
                 RingContainer container, RingStruct struct) {

    /** {@code Outer.Inner} → {@code Outer_InnerImpl}, in the interface's package. */
    static ClassName implNameOf(ClassName iface) {
        return ClassName.get(iface.packageName(), String.join("_", iface.simpleNames()) + "Impl");
    }
}

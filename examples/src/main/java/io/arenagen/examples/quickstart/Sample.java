package io.arenagen.examples.quickstart;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct Sample { int id; float value; }}, the C++ allocator documentation's example type,
 * described as an FFM layout and read and written in place in a chunk.
 */
public final class Sample {

    /** The struct's layout: 8 bytes, 4-byte aligned, as the C++ compiler lays it out. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("id"),
            ValueLayout.JAVA_FLOAT.withName("value"));

    private static final VarHandle ID = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("id"));
    private static final VarHandle VALUE = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("value"));

    private Sample() {
    }

    /** Writes both fields of the sample at the start of {@code chunk}. */
    public static void write(MemorySegment chunk, int id, float value) {
        ID.set(chunk, 0L, id);
        VALUE.set(chunk, 0L, value);
    }

    /** The {@code id} field of the sample at the start of {@code chunk}. */
    public static int id(MemorySegment chunk) {
        return (int) ID.get(chunk, 0L);
    }

    /** The {@code value} field of the sample at the start of {@code chunk}. */
    public static float value(MemorySegment chunk) {
        return (float) VALUE.get(chunk, 0L);
    }
}

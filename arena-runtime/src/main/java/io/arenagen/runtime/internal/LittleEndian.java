package io.arenagen.runtime.internal;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte order of every arena, in one place: the layout is little-endian on every platform, as the
 * C++ arena writes it on x86-64 and aarch64. Aligned handles for the words that are accessed atomically
 * (the magic, the head, the pid words and the links, all at naturally aligned offsets) and unaligned
 * layouts for plain reads of untrusted bytes, which must not fault whatever offset they are given.
 */
public final class LittleEndian {

    /** An aligned 8-byte word, coordinates {@code (MemorySegment, long offset)}: every access mode. */
    public static final VarHandle LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    /** An aligned 4-byte word, coordinates {@code (MemorySegment, long offset)}: every access mode. */
    public static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    /** A plain 8-byte value at any offset. */
    public static final ValueLayout.OfLong LONG_UNALIGNED =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A plain 4-byte value at any offset. */
    public static final ValueLayout.OfInt INT_UNALIGNED =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }
}

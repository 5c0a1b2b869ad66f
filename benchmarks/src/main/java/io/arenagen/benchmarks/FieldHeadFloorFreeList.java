package io.arenagen.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The confined floor with its head in a Java field: {@link PlainFloorFreeList}'s list, links and
 * generation tag, but the head word is a {@code long} field of this object instead of 8 bytes of the
 * segment, so a pop or push touches memory only for the chunk's link. The lowest a confined free list
 * over FFM memory can go; a confined arena that keeps its heads on the heap is measured against it.
 *
 * <p>Memory ordering: none; every access is plain, one thread owns the list. The links are in a
 * segment of a confined {@link Arena}, so FFM checks the owner on every link access, as it does for a
 * confined arena. Layout as {@link PlainFloorFreeList}: chunks at 80, 64 bytes each.
 */
final class FieldHeadFloorFreeList implements AutoCloseable {

    static final long COUNT = PlainFloorFreeList.COUNT;
    private static final long CHUNK_SIZE = PlainFloorFreeList.CHUNK_SIZE;
    private static final int SHIFT = 6;
    private static final long CHUNKS = 80;
    private static final long BYTES = 128 + COUNT * CHUNK_SIZE;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final long GENERATION_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long ONE_GENERATION = 1L << 32;

    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory = arena.allocate(BYTES, 4096);
    /** {@code (generation << 32) | index of the first free chunk}. */
    private long head;

    /** A full list: 0 → 1 → … → COUNT − 1 → empty, generation 0, owned by the calling thread. */
    FieldHeadFloorFreeList() {
        for (long i = 0; i < COUNT; i++) {
            memory.set(ValueLayout.JAVA_INT_UNALIGNED, CHUNKS + (i << SHIFT), i + 1 < COUNT ? (int) (i + 1) : -1);
        }
    }

    /** Offset of a free chunk, or {@code -1} if none is left. */
    long pop() {
        long h = head;
        long index = h & INDEX_MASK;
        if (index == INDEX_MASK) {
            return -1L;
        }
        long chunk = CHUNKS + (index << SHIFT);
        long next = (int) INT.get(memory, chunk) & INDEX_MASK;
        head = ((h + ONE_GENERATION) & GENERATION_MASK) | next;
        return chunk;
    }

    /** Returns the chunk at {@code chunk} (an offset from {@link #pop()}) to the list. */
    void push(long chunk) {
        long index = (chunk - CHUNKS) >>> SHIFT;
        long h = head;
        INT.set(memory, chunk, (int) h);
        head = ((h + ONE_GENERATION) & GENERATION_MASK) | index;
    }

    @Override
    public void close() {
        arena.close();
    }
}

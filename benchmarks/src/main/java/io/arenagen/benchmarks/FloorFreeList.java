package io.arenagen.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The floor: one tagged Treiber free list written by hand over one off-heap segment, every offset a
 * constant, the same algorithm and memory ordering as {@code io.arenagen.runtime.pool.FreeList}
 * (acquire load of the head, plain link access, acquire CAS in pop and release CAS in push, the
 * generation in the high 32 bits). No dispatch, no size check, no layout object: what a pop + push
 * pair costs on this hardware through FFM, against which the generated arena is measured.
 *
 * <p>The pool has the arenagen layout (head at 64, chunks at 80, as the C++ compiler places them), {@link #COUNT} chunks of
 * {@link #CHUNK_SIZE} bytes, in a segment of a shared {@link Arena} like the arenas' mappings.
 */
final class FloorFreeList implements AutoCloseable {

    static final long COUNT = 1024;
    static final long CHUNK_SIZE = 64;
    private static final int SHIFT = 6;
    private static final long HEAD = 64;
    private static final long CHUNKS = 80;
    private static final long BYTES = 128 + COUNT * CHUNK_SIZE;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final long GENERATION_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long ONE_GENERATION = 1L << 32;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory = arena.allocate(BYTES, 4096);

    /** A full list: 0 → 1 → … → COUNT − 1 → empty, generation 0. */
    FloorFreeList() {
        for (long i = 0; i < COUNT; i++) {
            memory.set(ValueLayout.JAVA_INT_UNALIGNED, CHUNKS + (i << SHIFT), i + 1 < COUNT ? (int) (i + 1) : -1);
        }
        LONG.setRelease(memory, HEAD, 0L);
    }

    /** Offset of a free chunk, or {@code -1} if none is left. */
    long pop() {
        long head = (long) LONG.getAcquire(memory, HEAD);
        while (true) {
            long index = head & INDEX_MASK;
            if (index == INDEX_MASK) {
                return -1L;
            }
            long chunk = CHUNKS + (index << SHIFT);
            long next = (int) INT.get(memory, chunk) & INDEX_MASK;
            long witness = (long) LONG.compareAndExchangeAcquire(memory, HEAD, head,
                    ((head + ONE_GENERATION) & GENERATION_MASK) | next);
            if (witness == head) {
                return chunk;
            }
            head = witness;
        }
    }

    /** Returns the chunk at {@code chunk} (an offset from {@link #pop()}) to the list. */
    void push(long chunk) {
        long index = (chunk - CHUNKS) >>> SHIFT;
        long head = (long) LONG.getOpaque(memory, HEAD);
        while (true) {
            INT.set(memory, chunk, (int) head);
            long witness = (long) LONG.compareAndExchangeRelease(memory, HEAD, head,
                    ((head + ONE_GENERATION) & GENERATION_MASK) | index);
            if (witness == head) {
                return;
            }
            head = witness;
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}

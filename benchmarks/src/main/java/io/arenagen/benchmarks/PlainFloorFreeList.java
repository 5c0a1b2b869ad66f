package io.arenagen.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The confined floor: {@link FloorFreeList}'s list, layout and generation tag with plain loads and
 * stores instead of CAS, the same algorithm as {@code io.arenagen.runtime.pool.ConfinedFreeList}
 * without its bounds check. What a pop + push pair costs on this hardware through FFM when one
 * thread owns the list; the confined arenas are measured against it.
 *
 * <p>Memory ordering: none; every access is plain, because only the thread that created the list
 * uses it. The segment belongs to a confined {@link Arena}, like a confined arena's mapping, so FFM
 * does the same owner check on every access as it does for the arena. Create it on the thread that
 * uses it (a JMH {@code Scope.Thread} state is set up on its benchmark thread).
 *
 * <p>Layout: head at 64, chunks at 80, {@code 128 + COUNT × CHUNK_SIZE} bytes, as in one arenagen pool.
 */
final class PlainFloorFreeList implements AutoCloseable {

    static final long COUNT = FloorFreeList.COUNT;
    static final long CHUNK_SIZE = FloorFreeList.CHUNK_SIZE;
    private static final int SHIFT = 6;
    private static final long HEAD = 64;
    private static final long CHUNKS = 80;
    private static final long BYTES = 128 + COUNT * CHUNK_SIZE;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final long GENERATION_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long ONE_GENERATION = 1L << 32;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory = arena.allocate(BYTES, 4096);

    /** A full list: 0 → 1 → … → COUNT − 1 → empty, generation 0, owned by the calling thread. */
    PlainFloorFreeList() {
        for (long i = 0; i < COUNT; i++) {
            memory.set(ValueLayout.JAVA_INT_UNALIGNED, CHUNKS + (i << SHIFT), i + 1 < COUNT ? (int) (i + 1) : -1);
        }
        LONG.set(memory, HEAD, 0L);
    }

    /** Offset of a free chunk, or {@code -1} if none is left. */
    long pop() {
        long head = (long) LONG.get(memory, HEAD);
        long index = head & INDEX_MASK;
        if (index == INDEX_MASK) {
            return -1L;
        }
        long chunk = CHUNKS + (index << SHIFT);
        long next = (int) INT.get(memory, chunk) & INDEX_MASK;
        LONG.set(memory, HEAD, ((head + ONE_GENERATION) & GENERATION_MASK) | next);
        return chunk;
    }

    /** Returns the chunk at {@code chunk} (an offset from {@link #pop()}) to the list. */
    void push(long chunk) {
        long index = (chunk - CHUNKS) >>> SHIFT;
        long head = (long) LONG.get(memory, HEAD);
        INT.set(memory, chunk, (int) head);
        LONG.set(memory, HEAD, ((head + ONE_GENERATION) & GENERATION_MASK) | index);
    }

    @Override
    public void close() {
        arena.close();
    }
}

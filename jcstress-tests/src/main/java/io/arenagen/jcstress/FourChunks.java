package io.arenagen.jcstress;

import io.arenagen.runtime.pool.FreeList;
import io.arenagen.runtime.pool.FreeListBatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One pool of four 64-byte chunks, laid out as an arena's pool (tagged head word at 0, chunks from 64) in
 * memory that the garbage collector frees, so that jcstress can make millions of them. The list starts as
 * 0, 1, 2, 3 (chunk offsets 64, 128, 192, 256), built with {@link FreeList#push}.
 */
final class FourChunks {

    static final long HEAD = 0;
    static final long CHUNKS = 64;
    static final int SHIFT = 6;
    static final long COUNT = 4;
    /** A tagged head with generation 0 and the empty index. */
    private static final long EMPTY = 0xFFFF_FFFFL;
    /** Where the tests stamp a chunk's contents: after the link word that push writes. */
    private static final long STAMP = 8;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    final MemorySegment memory = Arena.ofAuto().allocate(CHUNKS + (COUNT << SHIFT), 64);

    FourChunks() {
        memory.set(LONG, HEAD, EMPTY);
        for (long index = COUNT - 1; index >= 0; index--) {
            push(chunk(index));
        }
    }

    /** The offset of chunk {@code index}. */
    static long chunk(long index) {
        return CHUNKS + (index << SHIFT);
    }

    long pop() {
        return FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT);
    }

    void push(long chunk) {
        FreeList.push(memory, HEAD, CHUNKS, SHIFT, chunk);
    }

    int popBatch(long[] into, int max) {
        return FreeListBatch.popBatch(memory, HEAD, CHUNKS, SHIFT, COUNT, into, 0, max);
    }

    void pushBatch(long[] from, int n) {
        FreeListBatch.pushBatch(memory, HEAD, CHUNKS, SHIFT, from, 0, n);
    }

    /** Chunks on the list, or -1 if it is broken (a cycle or an index out of range). Quiescent use only. */
    long free() {
        try {
            return FreeList.countFree(memory, HEAD, CHUNKS, SHIFT, COUNT);
        } catch (IllegalStateException broken) {
            return -1;
        }
    }

    /** A plain write into the chunk's contents, as a user's write before freeing it. */
    void stamp(long chunk, long value) {
        memory.set(LONG, chunk + STAMP, value);
    }

    /** A plain read of what {@link #stamp} wrote. */
    long stampOf(long chunk) {
        return memory.get(LONG, chunk + STAMP);
    }

    /** Whether the offsets are distinct chunks of the pool. */
    static boolean distinctChunks(long... chunks) {
        long seen = 0;
        for (long chunk : chunks) {
            long index = (chunk - CHUNKS) >> SHIFT;
            if (chunk < CHUNKS || index >= COUNT || chunk != chunk(index) || (seen & (1L << index)) != 0) {
                return false;
            }
            seen |= 1L << index;
        }
        return true;
    }
}

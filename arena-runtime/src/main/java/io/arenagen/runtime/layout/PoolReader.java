package io.arenagen.runtime.layout;

import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Reads the statistics of one pool without writing anything: the head (acquire), the exhaustion
 * counter, and a walk of the free list bounded by the count, which stops at an index out of range.
 */
public final class PoolReader {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final VarHandle INT = LittleEndian.INT;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;

    private PoolReader() {
    }

    /** The statistics of pool {@code pool} of the arena in {@code memory}. */
    public static PoolStats read(MemorySegment memory, ArenaLayout layout, int pool) {
        long count = layout.count();
        long head = (long) LONG.getAcquire(memory, layout.headOffset(pool));
        long exhaustions = (long) LONG.getOpaque(memory, layout.poolOffset(pool) + PoolHeader.EXHAUSTIONS_OFFSET);
        long free = 0;
        long chunks = layout.chunksOffset(pool);
        int shift = layout.chunkShift(pool);
        for (long index = head & INDEX_MASK; index < count && free < count; free++) {
            index = (int) INT.get(memory, chunks + (index << shift)) & INDEX_MASK;
        }
        return new PoolStats(pool, layout.chunkSize(pool), count, free, count - free, head >>> 32, exhaustions);
    }
}

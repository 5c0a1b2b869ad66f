package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;

/**
 * The per-pool numbers a run-time arena dispatches over, one array entry per pool, read from its
 * {@link ArenaLayout} once: what a generated arena has as compile-time constants. Final arrays that
 * nobody writes after construction.
 */
final class PoolTable {

    /** Chunks per pool. */
    final long count;
    /** Chunk size of each pool. */
    final long[] chunkSizes;
    /** Offset of each pool's head word. */
    final long[] headOffsets;
    /** Offset of each pool's first chunk. */
    final long[] chunksOffsets;
    /** Offset one past each pool's last chunk. */
    final long[] chunksEnds;
    /** {@code log2} of each pool's chunk size. */
    final int[] chunkShifts;
    /** The global chunk number of each pool's chunk 0, {@code pool × count}: where its owner entries start. */
    final long[] firstChunks;

    PoolTable(ArenaLayout layout) {
        int pools = layout.poolCount();
        this.count = layout.count();
        this.chunkSizes = new long[pools];
        this.headOffsets = new long[pools];
        this.chunksOffsets = new long[pools];
        this.chunksEnds = new long[pools];
        this.chunkShifts = new int[pools];
        this.firstChunks = new long[pools];
        for (int pool = 0; pool < pools; pool++) {
            chunkSizes[pool] = layout.chunkSize(pool);
            headOffsets[pool] = layout.headOffset(pool);
            chunksOffsets[pool] = layout.chunksOffset(pool);
            chunksEnds[pool] = layout.chunksEnd(pool);
            chunkShifts[pool] = layout.chunkShift(pool);
            firstChunks[pool] = pool * count;
        }
    }
}

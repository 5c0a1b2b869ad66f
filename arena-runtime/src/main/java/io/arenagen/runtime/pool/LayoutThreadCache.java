package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;

/**
 * The thread cache of an arena whose configuration is known only at run time: a loop over the
 * layout's chunk sizes and pool ranges where a generated cache has straight-line code over constants.
 */
final class LayoutThreadCache extends AbstractThreadCache {

    private final long[] chunkSizes;
    private final long[] starts;
    private final long[] ends;

    LayoutThreadCache(AbstractSlabArena arena, int chunksPerPool, ChunkTracker tracker) {
        super(arena, chunksPerPool, tracker);
        ArenaLayout layout = arena.layout();
        int pools = layout.poolCount();
        this.chunkSizes = new long[pools];
        this.starts = new long[pools];
        this.ends = new long[pools];
        for (int pool = 0; pool < pools; pool++) {
            chunkSizes[pool] = layout.chunkSize(pool);
            starts[pool] = layout.chunksOffset(pool);
            ends[pool] = layout.chunksEnd(pool);
        }
    }

    @Override
    public long allocateOffset(long size) {
        checkOwner();
        if (size < 0) {
            throw negativeSize(size);
        }
        for (int pool = 0; pool < chunkSizes.length; pool++) {
            if (size <= chunkSizes[pool]) {
                return take(pool, size);
            }
        }
        return unserved();
    }

    @Override
    public long tryAllocateOffset(long size) {
        checkOwner();
        if (size < 0) {
            throw negativeSize(size);
        }
        for (int pool = 0; pool < chunkSizes.length; pool++) {
            if (size <= chunkSizes[pool]) {
                return tryTake(pool, size);
            }
        }
        return unserved();
    }

    @Override
    public void deallocateOffset(long offset) {
        checkOwner();
        for (int pool = 0; pool < starts.length; pool++) {
            if (offset >= starts[pool] && offset < ends[pool]) {
                park(pool, offset);
                return;
            }
        }
        ignored();
    }
}

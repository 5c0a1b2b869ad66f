package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.CorruptFreeListException;
import io.arenagen.runtime.pool.FreeList;

/**
 * An arena whose configuration is known only at run time: the same pools and layout as a generated
 * arena, with dispatch as a loop over a {@link PoolTable} instead of straight-line code over constants.
 */
final class RuntimeSlabArena extends AbstractSlabArena {

    private final PoolTable pools;

    RuntimeSlabArena(ArenaLayout layout) {
        super(layout);
        this.pools = new PoolTable(layout);
    }

    RuntimeSlabArena(ArenaLayout layout, String name, ShmOptions options) {
        super(layout, name, options);
        this.pools = new PoolTable(layout);
    }

    @Override
    public long allocateOffset(long size) {
        if (size < 0) {
            throw negativeSize(size);
        }
        PoolTable t = pools;
        try {
            for (int pool = 0; pool < t.chunkSizes.length; pool++) {
                if (size <= t.chunkSizes[pool]) {
                    long offset = FreeList.pop(memory, t.headOffsets[pool], t.chunksOffsets[pool], t.chunkShifts[pool],
                            t.count);
                    if (offset >= 0) {
                        return offset;
                    }
                    countExhaustion(t.headOffsets[pool]);
                }
            }
        } catch (CorruptFreeListException e) {
            throw corrupted(e);
        }
        return unserved();
    }

    @Override
    public long tryAllocateOffset(long size) {
        if (size < 0) {
            throw negativeSize(size);
        }
        PoolTable t = pools;
        try {
            for (int pool = 0; pool < t.chunkSizes.length; pool++) {
                if (size <= t.chunkSizes[pool]) {
                    long offset = FreeList.pop(memory, t.headOffsets[pool], t.chunksOffsets[pool], t.chunkShifts[pool],
                            t.count);
                    if (offset < 0) {
                        countExhaustion(t.headOffsets[pool]);
                    }
                    return offset >= 0 ? offset : unserved();
                }
            }
        } catch (CorruptFreeListException e) {
            throw corrupted(e);
        }
        return unserved();
    }

    @Override
    public void deallocateOffset(long offset) {
        PoolTable t = pools;
        for (int pool = 0; pool < t.chunkSizes.length; pool++) {
            if (offset >= t.chunksOffsets[pool] && offset < t.chunksEnds[pool]) {
                FreeList.push(memory, t.headOffsets[pool], t.chunksOffsets[pool], t.chunkShifts[pool], offset);
                return;
            }
        }
        ensureOpen();
    }

    /** Counts a request that found a pool empty, in the pool's word at offset 72 (beside its head at 64). */
    private void countExhaustion(long headOffset) {
        io.arenagen.runtime.internal.LittleEndian.LONG.getAndAdd(memory,
                headOffset - io.arenagen.runtime.layout.PoolHeader.HEAD_OFFSET
                        + io.arenagen.runtime.layout.PoolHeader.EXHAUSTIONS_OFFSET, 1L);
    }
}

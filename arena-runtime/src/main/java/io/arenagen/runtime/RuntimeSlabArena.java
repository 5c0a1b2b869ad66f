package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.CorruptFreeListException;
import io.arenagen.runtime.pool.FreeList;

/**
 * An arena whose configuration is known only at run time: the same pools and layout as a generated
 * arena, with dispatch as a loop over per-pool tables instead of straight-line code over constants.
 */
final class RuntimeSlabArena extends AbstractSlabArena {

    private final long[] chunkSizes;
    private final long[] headOffsets;
    private final long[] chunksOffsets;
    private final long[] chunksEnds;
    private final int[] chunkShifts;
    private final long count;

    RuntimeSlabArena(ArenaLayout layout) {
        super(layout);
        int pools = layout.poolCount();
        this.chunkSizes = new long[pools];
        this.headOffsets = new long[pools];
        this.chunksOffsets = new long[pools];
        this.chunksEnds = new long[pools];
        this.chunkShifts = new int[pools];
        this.count = layout.count();
        fillTables(layout);
    }

    RuntimeSlabArena(ArenaLayout layout, String name, ShmOptions options) {
        super(layout, name, options);
        int pools = layout.poolCount();
        this.chunkSizes = new long[pools];
        this.headOffsets = new long[pools];
        this.chunksOffsets = new long[pools];
        this.chunksEnds = new long[pools];
        this.chunkShifts = new int[pools];
        this.count = layout.count();
        fillTables(layout);
    }

    private void fillTables(ArenaLayout layout) {
        for (int pool = 0; pool < chunkSizes.length; pool++) {
            chunkSizes[pool] = layout.chunkSize(pool);
            headOffsets[pool] = layout.headOffset(pool);
            chunksOffsets[pool] = layout.chunksOffset(pool);
            chunksEnds[pool] = layout.chunksEnd(pool);
            chunkShifts[pool] = layout.chunkShift(pool);
        }
    }

    @Override
    public long allocateOffset(long size) {
        if (size < 0) {
            throw negativeSize(size);
        }
        try {
            for (int pool = 0; pool < chunkSizes.length; pool++) {
                if (size <= chunkSizes[pool]) {
                    long offset = FreeList.pop(memory, headOffsets[pool], chunksOffsets[pool], chunkShifts[pool], count);
                    if (offset >= 0) {
                        return offset;
                    }
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
        try {
            for (int pool = 0; pool < chunkSizes.length; pool++) {
                if (size <= chunkSizes[pool]) {
                    long offset = FreeList.pop(memory, headOffsets[pool], chunksOffsets[pool], chunkShifts[pool], count);
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
        for (int pool = 0; pool < chunkSizes.length; pool++) {
            if (offset >= chunksOffsets[pool] && offset < chunksEnds[pool]) {
                FreeList.push(memory, headOffsets[pool], chunksOffsets[pool], chunkShifts[pool], offset);
                return;
            }
        }
        ensureOpen();
    }
}

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
                    return offset >= 0 ? offset : promote(pool, size);
                }
            }
        } catch (CorruptFreeListException e) {
            throw corrupted(e);
        }
        return unserved();
    }

    /**
     * The slow path of {@link #allocateOffset}: pool {@code exhaustedPool}, the smallest that fits
     * {@code size}, was empty. Counts that, then tries the larger pools in order, counting each one found
     * empty too. Out of line, so that the fast path is one pop and a return. Called inside
     * {@code allocateOffset}'s {@code try}, which handles what the pops throw.
     */
    private long promote(int exhaustedPool, long size) {
        countExhaustion(exhaustedPool, size);
        PoolTable t = pools;
        for (int to = exhaustedPool + 1; to < t.chunkSizes.length; to++) {
            long offset = FreeList.pop(memory, t.headOffsets[to], t.chunksOffsets[to], t.chunkShifts[to], t.count);
            if (offset >= 0) {
                return promoted(exhaustedPool, to, size, offset);
            }
            countExhaustion(to, size);
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
                    return offset >= 0 ? offset : exhausted(pool, size);
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
}

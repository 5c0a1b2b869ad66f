package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.ConfinedFreeList;
import io.arenagen.runtime.pool.CorruptFreeListException;
import io.arenagen.runtime.pool.ThreadAccess;

/**
 * A run-time arena {@linkplain ThreadAccess#CONFINED confined} to the thread that created it: the
 * dispatch of {@link RuntimeSlabArena} over {@link ConfinedFreeList}'s plain loads and stores. A
 * class of its own rather than a flag, so that neither arena tests its kind on the allocation path.
 *
 * <p>Another thread's pool operation fails in FFM's confinement check on the first access to the
 * memory, before anything is read or written; it is rethrown as the arena's own
 * {@link WrongThreadException}, naming both threads (the handler costs nothing until it runs).
 */
final class ConfinedRuntimeSlabArena extends AbstractSlabArena {

    private final PoolTable pools;

    /** An arena in private memory owned by the calling thread. */
    ConfinedRuntimeSlabArena(ArenaLayout layout) {
        super(layout, ThreadAccess.CONFINED);
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
                    long offset = ConfinedFreeList.pop(memory, t.headOffsets[pool], t.chunksOffsets[pool],
                            t.chunkShifts[pool], t.count);
                    return offset >= 0 ? offset : promote(pool, size);
                }
            }
        } catch (WrongThreadException notOwner) {
            throw wrongThread(notOwner);
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
            long offset = ConfinedFreeList.pop(memory, t.headOffsets[to], t.chunksOffsets[to], t.chunkShifts[to],
                    t.count);
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
                    long offset = ConfinedFreeList.pop(memory, t.headOffsets[pool], t.chunksOffsets[pool],
                            t.chunkShifts[pool], t.count);
                    return offset >= 0 ? offset : exhausted(pool, size);
                }
            }
        } catch (WrongThreadException notOwner) {
            throw wrongThread(notOwner);
        } catch (CorruptFreeListException e) {
            throw corrupted(e);
        }
        return unserved();
    }

    @Override
    public void deallocateOffset(long offset) {
        PoolTable t = pools;
        try {
            for (int pool = 0; pool < t.chunkSizes.length; pool++) {
                if (offset >= t.chunksOffsets[pool] && offset < t.chunksEnds[pool]) {
                    ConfinedFreeList.push(memory, t.headOffsets[pool], t.chunksOffsets[pool], t.chunkShifts[pool],
                            offset);
                    return;
                }
            }
        } catch (WrongThreadException notOwner) {
            throw wrongThread(notOwner);
        }
        ensureOpen();
    }
}

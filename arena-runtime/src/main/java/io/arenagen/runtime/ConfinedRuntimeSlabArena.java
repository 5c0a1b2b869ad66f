package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.ConfinedFreeList;
import io.arenagen.runtime.pool.ThreadAccess;

/**
 * A run-time arena {@linkplain ThreadAccess#CONFINED confined} to the thread that created it: the
 * dispatch of {@link TableSlabArena} onto {@link ConfinedFreeList}'s plain loads and stores. A class of
 * its own rather than a flag, so that neither arena tests its kind on the allocation path.
 *
 * <p>Another thread's pool operation fails in FFM's confinement check on the first access to the
 * memory, before anything is read or written; it is rethrown as the arena's own
 * {@link WrongThreadException}, naming both threads (the handler costs nothing until it runs).
 *
 * <p>The pools' head words are kept in {@link #heads}, not re-read from memory on every operation,
 * and written back by {@link #writeBackHeads()} when {@link #stats()} reads the pools: see
 * {@link ConfinedFreeList}.
 */
final class ConfinedRuntimeSlabArena extends TableSlabArena {

    /** The pools' head words, indexed by pool: the current ones; memory holds them after {@link #stats()}. */
    private final long[] heads;

    /** An arena in private memory owned by the calling thread. */
    ConfinedRuntimeSlabArena(ArenaLayout layout) {
        super(layout, ThreadAccess.CONFINED);
        this.heads = ConfinedFreeList.loadHeads(memory, layout);
    }

    @Override
    long pop(int pool) {
        PoolTable t = pools;
        return ConfinedFreeList.pop(heads, pool, memory, t.chunksOffsets[pool], t.chunkShifts[pool], t.count);
    }

    @Override
    void push(int pool, long offset) {
        PoolTable t = pools;
        ConfinedFreeList.push(heads, pool, memory, t.chunksOffsets[pool], t.chunkShifts[pool], offset);
    }

    @Override
    protected void writeBackHeads() {
        ConfinedFreeList.storeHeads(memory, layout(), heads);
    }
}

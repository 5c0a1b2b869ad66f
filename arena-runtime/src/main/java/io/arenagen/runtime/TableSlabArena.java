package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.ChunkTracker;
import io.arenagen.runtime.pool.CorruptFreeListException;
import io.arenagen.runtime.pool.ThreadAccess;

/**
 * The dispatch of every arena whose configuration is known only at run time: a loop over a
 * {@link PoolTable} where a generated arena has straight-line code over constants. Subclasses supply
 * the free-list operations, lock-free ({@link RuntimeSlabArena}) or plain ({@link ConfinedRuntimeSlabArena});
 * each is final, so the JIT binds {@link #pop} and {@link #push} to one implementation per call site
 * unless an application uses both kinds.
 *
 * <p>The slow paths are out of line as in generated arenas: a pool found empty is counted and reported
 * ({@link #countExhaustion}, {@link #promoted}, {@link #exhausted}), corruption and a confined arena's
 * other threads are reported in the arena's terms ({@link #corrupted}, {@link #wrongThread}).
 */
abstract sealed class TableSlabArena extends AbstractSlabArena permits RuntimeSlabArena, ConfinedRuntimeSlabArena,
        OwnedRuntimeSlabArena {

    /** The per-pool numbers; subclasses read them in {@link #pop} and {@link #push}. */
    final PoolTable pools;

    TableSlabArena(ArenaLayout layout, ThreadAccess access) {
        super(layout, access);
        this.pools = new PoolTable(layout);
    }

    TableSlabArena(ArenaLayout layout, String name, ShmOptions options) {
        super(layout, name, options);
        this.pools = new PoolTable(layout);
    }

    /** For {@link CheckedSlabAllocator}: a thread cache that records in the wrapper's {@code tracker}. */
    final ThreadCache checkedCache(int chunksPerPool, ChunkTracker tracker) {
        return checkedThreadCache(chunksPerPool, tracker);
    }

    /** Pops a chunk of pool {@code pool}: its offset, or {@code -1} if the pool is empty. */
    abstract long pop(int pool);

    /** Pushes the chunk at {@code offset}, which lies in pool {@code pool}, back onto its free list. */
    abstract void push(int pool, long offset);

    @Override
    public final long allocateOffset(long size) {
        if (size < 0) {
            throw negativeSize(size);
        }
        long[] chunkSizes = pools.chunkSizes;
        try {
            for (int pool = 0; pool < chunkSizes.length; pool++) {
                if (size <= chunkSizes[pool]) {
                    long offset = pop(pool);
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
        for (int to = exhaustedPool + 1; to < pools.chunkSizes.length; to++) {
            long offset = pop(to);
            if (offset >= 0) {
                return promoted(exhaustedPool, to, size, offset);
            }
            countExhaustion(to, size);
        }
        return unserved();
    }

    @Override
    public final long tryAllocateOffset(long size) {
        if (size < 0) {
            throw negativeSize(size);
        }
        long[] chunkSizes = pools.chunkSizes;
        try {
            for (int pool = 0; pool < chunkSizes.length; pool++) {
                if (size <= chunkSizes[pool]) {
                    long offset = pop(pool);
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
    public final void deallocateOffset(long offset) {
        PoolTable t = pools;
        try {
            for (int pool = 0; pool < t.chunkSizes.length; pool++) {
                if (offset >= t.chunksOffsets[pool] && offset < t.chunksEnds[pool]) {
                    push(pool, offset);
                    return;
                }
            }
        } catch (WrongThreadException notOwner) {
            throw wrongThread(notOwner);
        }
        ensureOpen();
    }
}

package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.ConfinedFreeList;
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

    private final long count;
    private final long[] chunkSizes;
    private final long[] headOffsets;
    private final long[] chunksOffsets;
    private final long[] chunksEnds;
    private final int[] chunkShifts;

    /** An arena in private memory owned by the calling thread. */
    ConfinedRuntimeSlabArena(ArenaLayout layout) {
        super(layout, ThreadAccess.CONFINED);
        int pools = layout.poolCount();
        this.count = layout.count();
        this.chunkSizes = new long[pools];
        this.headOffsets = new long[pools];
        this.chunksOffsets = new long[pools];
        this.chunksEnds = new long[pools];
        this.chunkShifts = new int[pools];
        for (int pool = 0; pool < pools; pool++) {
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
                    long offset = ConfinedFreeList.pop(memory, headOffsets[pool], chunksOffsets[pool],
                            chunkShifts[pool], count);
                    if (offset >= 0) {
                        return offset;
                    }
                }
            }
        } catch (WrongThreadException notOwner) {
            throw wrongThread(notOwner);
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
                    long offset = ConfinedFreeList.pop(memory, headOffsets[pool], chunksOffsets[pool],
                            chunkShifts[pool], count);
                    return offset >= 0 ? offset : unserved();
                }
            }
        } catch (WrongThreadException notOwner) {
            throw wrongThread(notOwner);
        }
        return unserved();
    }

    @Override
    public void deallocateOffset(long offset) {
        try {
            for (int pool = 0; pool < chunkSizes.length; pool++) {
                if (offset >= chunksOffsets[pool] && offset < chunksEnds[pool]) {
                    ConfinedFreeList.push(memory, headOffsets[pool], chunksOffsets[pool], chunkShifts[pool], offset);
                    return;
                }
            }
        } catch (WrongThreadException notOwner) {
            throw wrongThread(notOwner);
        }
        ensureOpen();
    }
}

package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;
import io.arenagen.runtime.pool.ThreadAccess;

/**
 * An arena whose configuration is known only at run time, shared by threads and, over shared memory,
 * by processes: the same pools and layout as a generated arena, dispatched by {@link TableSlabArena}
 * onto {@link FreeList}'s lock-free operations.
 */
final class RuntimeSlabArena extends TableSlabArena {

    RuntimeSlabArena(ArenaLayout layout) {
        super(layout, ThreadAccess.SHARED);
    }

    RuntimeSlabArena(ArenaLayout layout, String name, ShmOptions options) {
        super(layout, name, options);
    }

    @Override
    long pop(int pool) {
        PoolTable t = pools;
        return FreeList.pop(memory, t.headOffsets[pool], t.chunksOffsets[pool], t.chunkShifts[pool], t.count);
    }

    @Override
    void push(int pool, long offset) {
        PoolTable t = pools;
        FreeList.push(memory, t.headOffsets[pool], t.chunksOffsets[pool], t.chunkShifts[pool], offset);
    }
}

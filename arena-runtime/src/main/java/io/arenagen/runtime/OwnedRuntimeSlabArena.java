package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.owner.OwnerTable;
import io.arenagen.runtime.pool.FreeList;

/**
 * A run-time shared arena with reclamation ({@link ShmOptions#withReclamation()}): {@link RuntimeSlabArena}'s
 * lock-free pools plus the owner store of each operation ({@link OwnerTable}). A class of its own, so
 * that an arena without reclamation runs the same code as before, with no test of a flag.
 *
 * <p>Memory ordering: the owner store is plain; {@link OwnerTable#hold} comes after the pop's acquire
 * CAS, {@link OwnerTable#drop} before the push's release CAS (see {@link OwnerTable} for why that orders
 * every chunk's entry). A kill between the pop's CAS and the store loses that one chunk: it is neither
 * free nor recorded (see {@code docs/reclamation.md}, "Crash windows").
 */
final class OwnedRuntimeSlabArena extends TableSlabArena {

    private final OwnerTable table;

    OwnedRuntimeSlabArena(ArenaLayout layout, String name, ShmOptions options) {
        super(layout, name, options.withReclamation());
        this.table = owners;
    }

    @Override
    long pop(int pool) {
        PoolTable t = pools;
        int shift = t.chunkShifts[pool];
        long chunks = t.chunksOffsets[pool];
        long offset = FreeList.pop(memory, t.headOffsets[pool], chunks, shift, t.count);
        if (offset >= 0) {
            table.hold(t.firstChunks[pool] + ((offset - chunks) >>> shift)); // plain, after the acquire CAS
        }
        return offset;
    }

    @Override
    void push(int pool, long offset) {
        PoolTable t = pools;
        int shift = t.chunkShifts[pool];
        long chunks = t.chunksOffsets[pool];
        table.drop(t.firstChunks[pool] + ((offset - chunks) >>> shift)); // plain, before the release CAS
        FreeList.push(memory, t.headOffsets[pool], chunks, shift, offset);
    }
}

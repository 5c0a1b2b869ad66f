package io.arenagen.runtime.stress;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end state of a stress run: every chunk is back exactly once and nobody holds any. */
final class PoolAudit {

    private PoolAudit() {
    }

    /**
     * Asserts that each pool's free list holds exactly {@code count} chunks, and that taking
     * {@code count} chunks from each pool gives {@code count} distinct chunk starts of that pool,
     * and then nothing; the chunks are given back afterwards.
     */
    static void assertEveryChunkBackOnce(SlabAllocator arena, ArenaLayout layout) {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            assertEquals(layout.count(), FreeList.countFree(arena.memory(), layout.headOffset(pool),
                    layout.chunksOffset(pool), layout.chunkShift(pool), layout.count()), "free chunks of pool " + pool);
        }
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            long size = layout.chunkSize(pool);
            Set<Long> seen = new HashSet<>();
            for (long i = 0; i < layout.count(); i++) {
                long offset = arena.tryAllocateOffset(size);
                assertEquals(pool, layout.poolOf(offset), "chunk " + i + " of pool " + pool + " at " + offset);
                assertEquals(0, (offset - layout.chunksOffset(pool)) % size, "chunk start " + offset);
                assertTrue(seen.add(offset), "offset " + offset + " handed out twice");
            }
            assertEquals(-1, arena.tryAllocateOffset(size), "pool " + pool + " after taking every chunk");
            seen.forEach(arena::deallocateOffset);
        }
    }

    /** Asserts that no slot of {@code table} is held. */
    static void assertNobodyHolds(OwnershipTable table) {
        for (int slot = 0; slot < table.slots(); slot++) {
            assertEquals(0, table.holder(slot), "holder of slot " + slot);
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Walks a quiescent pool's free list and proves it well formed: every index in range, none twice
 * (which in a singly linked list also rules out a cycle), and the walk agrees with
 * {@link FreeList#countFree}. Only valid while no thread or process uses the pool.
 */
final class PoolAudit {

    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long END = 0xFFFF_FFFFL;

    private PoolAudit() {
    }

    /** The indices on pool {@code pool}'s free list; fails the test on a cycle, a duplicate or a wild index. */
    static BitSet freeIndices(MemorySegment memory, ArenaLayout layout, int pool) {
        long count = layout.count();
        long chunks = layout.chunksOffset(pool);
        int shift = layout.chunkShift(pool);
        BitSet seen = new BitSet();
        long index = FreeList.indexOf(FreeList.head(memory, layout.headOffset(pool)));
        while (index != END) {
            if (index >= count) {
                fail("pool " + pool + ": free list links to index " + index + ", beyond count " + count);
            }
            if (seen.get((int) index)) {
                fail("pool " + pool + ": index " + index + " is on the free list twice (a cycle)");
            }
            seen.set((int) index);
            index = Integer.toUnsignedLong(memory.get(LINK, chunks + (index << shift)));
        }
        assertEquals(seen.cardinality(), FreeList.countFree(memory, layout.headOffset(pool), chunks, shift, count),
                "FreeList.countFree disagrees with the walk of pool " + pool);
        return seen;
    }

    /** Asserts that every pool holds all its chunks on the free list, each once. */
    static void assertAllFree(MemorySegment memory, ArenaLayout layout) {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            assertEquals(layout.count(), freeIndices(memory, layout, pool).cardinality(),
                    "pool " + pool + " lost chunks");
        }
    }

    /** Number of free chunks in {@code pool}, after the walk proved the list well formed. */
    static int freeCount(MemorySegment memory, ArenaLayout layout, int pool) {
        return freeIndices(memory, layout, pool).cardinality();
    }

    /** Asserts that no free index is also in {@code held}. */
    static void assertDisjoint(BitSet free, BitSet held, String what) {
        BitSet both = (BitSet) free.clone();
        both.and(held);
        assertTrue(both.isEmpty(), what + ": chunks both free and held: " + both);
    }
}

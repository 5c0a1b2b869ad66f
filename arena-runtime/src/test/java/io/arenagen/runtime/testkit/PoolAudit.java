package io.arenagen.runtime.testkit;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The state of quiescent pools, after traffic: walks a pool's free list and proves it well formed
 * (every index in range, none twice, which in a singly linked list also rules out a cycle, and the
 * walk agrees with {@link FreeList#countFree}); takes every free chunk and proves each comes out
 * once; finds the chunks still stamped ({@link ChunkStamp}). Only valid while no thread or process
 * uses the pools.
 */
public final class PoolAudit {

    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long END = 0xFFFF_FFFFL;

    private PoolAudit() {
    }

    /** The indices on pool {@code pool}'s free list; fails the test on a cycle, a duplicate or a wild index. */
    public static BitSet freeIndices(MemorySegment memory, ArenaLayout layout, int pool) {
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
    public static void assertAllFree(MemorySegment memory, ArenaLayout layout) {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            assertEquals(layout.count(), freeIndices(memory, layout, pool).cardinality(),
                    "pool " + pool + " lost chunks");
        }
    }

    /** Number of free chunks in {@code pool}, after the walk proved the list well formed. */
    public static int freeCount(MemorySegment memory, ArenaLayout layout, int pool) {
        return freeIndices(memory, layout, pool).cardinality();
    }

    /** Asserts that no free index is also in {@code held}. */
    public static void assertDisjoint(BitSet free, BitSet held, String what) {
        BitSet both = (BitSet) free.clone();
        both.and(held);
        assertTrue(both.isEmpty(), what + ": chunks both free and held: " + both);
    }

    /** The indices of pool {@code pool}'s chunks whose stamp word is not 0. */
    public static BitSet stampedIndices(MemorySegment memory, ArenaLayout layout, int pool) {
        BitSet stamped = new BitSet();
        for (int i = 0; i < layout.count(); i++) {
            if (ChunkStamp.read(memory, layout.chunksOffset(pool) + ((long) i << layout.chunkShift(pool))) != 0) {
                stamped.set(i);
            }
        }
        return stamped;
    }

    /**
     * The end state of a clean stress run: every pool holds all its chunks on a well-formed free
     * list, no chunk is still stamped, and taking every chunk gives each once (see
     * {@link #assertTakesEachFreeChunkOnce}); the chunks are given back afterwards.
     */
    public static void assertEveryChunkBackOnce(SlabAllocator arena, ArenaLayout layout) {
        assertAllFree(arena.memory(), layout);
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            assertTrue(stampedIndices(arena.memory(), layout, pool).isEmpty(), "stamps left in pool " + pool + ": "
                    + stampedIndices(arena.memory(), layout, pool));
        }
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            assertTakesEachFreeChunkOnce(arena, layout, pool, (int) layout.count());
        }
    }

    /**
     * Asserts that taking {@code free} chunks of pool {@code pool}'s size (without promotion) gives
     * {@code free} distinct chunk starts of that pool and then nothing; gives them back afterwards.
     */
    public static void assertTakesEachFreeChunkOnce(SlabAllocator arena, ArenaLayout layout, int pool, int free) {
        long size = layout.chunkSize(pool);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < free; i++) {
            long offset = arena.tryAllocateOffset(size);
            assertEquals(pool, layout.poolOf(offset), "chunk " + i + " of " + free + " of pool " + pool + " at " + offset);
            assertEquals(0, (offset - layout.chunksOffset(pool)) % size, "chunk start " + offset);
            assertTrue(seen.add(offset), "offset " + offset + " handed out twice");
        }
        assertEquals(-1, arena.tryAllocateOffset(size), "pool " + pool + " after taking its " + free + " free chunks");
        seen.forEach(arena::deallocateOffset);
    }
}

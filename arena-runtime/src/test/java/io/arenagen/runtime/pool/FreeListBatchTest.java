package io.arenagen.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Batch pop and push over a hand-made pool: a batch moves the head like that many single pops or pushes,
 * in one CAS (the generation grows by one), stops at the empty marker and at a garbage link, and refuses
 * a garbage head before reading anything.
 */
final class FreeListBatchTest {

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long COUNT = 6;
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 16);
    private static final long HEAD = LAYOUT.headOffset(0);
    private static final long CHUNKS = LAYOUT.chunksOffset(0);
    private static final int SHIFT = LAYOUT.chunkShift(0);

    /** A pool whose list is 0 → 1 → … → COUNT-1, head generation 7. */
    private static MemorySegment pool(Arena arena) {
        MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
        for (long k = 0; k < COUNT; k++) {
            memory.set(INT_LE, chunk(k), k + 1 < COUNT ? (int) (k + 1) : PoolHeader.EMPTY_INDEX);
        }
        memory.set(LONG_LE, HEAD, 7L << 32);
        return memory;
    }

    private static long chunk(long index) {
        return CHUNKS + (index << SHIFT);
    }

    private static int pop(MemorySegment memory, long[] into, int at, int max) {
        return FreeListBatch.popBatch(memory, HEAD, CHUNKS, SHIFT, COUNT, into, at, max);
    }

    @Test
    void aBatchIsThatManyPopsInOneCas() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = pool(arena);
            long[] into = new long[8];
            assertEquals(4, pop(memory, into, 2, 4));
            // the head's chunk on top (the last slot), so a stack hands them out in list order
            assertArrayEquals(new long[] {0, 0, chunk(3), chunk(2), chunk(1), chunk(0), 0, 0}, into);
            assertEquals((8L << 32) | 4, memory.get(LONG_LE, HEAD), "head past four chunks, generation + 1");
            assertEquals(chunk(4), FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT), "a single pop goes on from there");
        }
    }

    @Test
    void aShortListGivesWhatItHasThenNothing() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = pool(arena);
            long[] into = new long[10];
            assertEquals(6, pop(memory, into, 0, 10));
            assertArrayEquals(new long[] {chunk(5), chunk(4), chunk(3), chunk(2), chunk(1), chunk(0)},
                    Arrays.copyOf(into, 6), "compacted to the front of the range (the slots after it are scratch)");
            assertEquals(PoolHeader.EMPTY_INDEX, (int) memory.get(LONG_LE, HEAD));
            assertEquals(0, pop(memory, into, 0, 3), "an empty pool");
            assertEquals(8L, memory.get(LONG_LE, HEAD) >>> 32, "a pop of an empty pool moves nothing");
            assertEquals(-1, FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
        }
    }

    @Test
    void aBatchPushLinksPrivatelyAndPublishesOnce() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = pool(arena);
            long[] held = new long[6];
            assertEquals(6, pop(memory, held, 0, 6));
            long[] back = {chunk(2) + 5, chunk(4), chunk(0)}; // an offset inside a chunk stands for it
            FreeListBatch.pushBatch(memory, HEAD, CHUNKS, SHIFT, back, 0, 3);
            assertEquals((9L << 32) | 2, memory.get(LONG_LE, HEAD), "one CAS: generation + 1, head = from[at]");
            assertEquals(chunk(2), FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
            assertEquals(chunk(4), FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
            assertEquals(chunk(0), FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
            assertEquals(-1, FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT), "the last pushed links to the old head");
            FreeList.push(memory, HEAD, CHUNKS, SHIFT, chunk(5));
            FreeListBatch.pushBatch(memory, HEAD, CHUNKS, SHIFT, new long[] {chunk(1)}, 0, 1);
            assertEquals(chunk(1), FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
            assertEquals(chunk(5), FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT), "a batch of one onto a list");
        }
    }

    @Test
    void aGarbageHeadIsRefusedBeforeAnyRead() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = pool(arena);
            memory.set(LONG_LE, HEAD, (3L << 32) | 1000);
            long[] into = new long[4];
            CorruptFreeListException e = assertThrows(CorruptFreeListException.class, () -> pop(memory, into, 0, 4));
            assertEquals(1000, e.index());
            assertEquals(HEAD, e.headOffset());
            assertArrayEquals(new long[4], into, "nothing taken");
            assertEquals((3L << 32) | 1000, memory.get(LONG_LE, HEAD), "nothing written");
        }
    }

    @Test
    void aGarbageLinkEndsTheBatchAndTheNextPopThrowsAsAfterSinglePops() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = pool(arena);
            memory.set(INT_LE, chunk(1), 4242); // chunk 1's link is garbage
            long[] into = new long[4];
            assertEquals(2, pop(memory, into, 0, 4), "chunks 0 and 1, as two single pops would take");
            assertArrayEquals(new long[] {chunk(1), chunk(0)}, Arrays.copyOf(into, 2));
            assertEquals(4242, (int) memory.get(LONG_LE, HEAD), "the garbage link is the head now, as after a pop");
            CorruptFreeListException e = assertThrows(CorruptFreeListException.class, () -> pop(memory, into, 0, 4));
            assertEquals(4242, e.index());
            assertThrows(CorruptFreeListException.class, () -> FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
        }
    }

    @Test
    void aClosedArenaIsSaidInTheArenasTerms() {
        Arena arena = Arena.ofShared();
        MemorySegment memory = pool(arena);
        arena.close();
        long[] into = new long[2];
        IllegalStateException pop = assertThrows(IllegalStateException.class, () -> pop(memory, into, 0, 2));
        assertTrue(pop.getMessage().startsWith("the arena is closed"), pop.getMessage());
        IllegalStateException push = assertThrows(IllegalStateException.class,
                () -> FreeListBatch.pushBatch(memory, HEAD, CHUNKS, SHIFT, new long[] {chunk(0)}, 0, 1));
        assertTrue(push.getMessage().startsWith("the arena is closed"), push.getMessage());
    }
}

package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ConfinedFreeList} on a hand-built pool (4 chunks of 64 bytes, head at 64, chunks at 80) whose
 * head is kept in a heads array as a confined arena keeps it: the same list as {@link FreeList} (LIFO
 * order, exhaustion as {@code -1}, the generation incremented by every operation), interchangeable
 * with it on the same memory once the head is stored back, and a head that names no chunk is reported
 * as corruption.
 */
class ConfinedFreeListTest {

    private static final long HEAD = 64;
    private static final long CHUNKS = 80;
    private static final int SHIFT = 6;
    private static final long COUNT = 4;

    private final Arena scope = Arena.ofConfined();
    private final MemorySegment memory = scope.allocate(128 + COUNT * 64, 4096);
    private final long[] heads;

    ConfinedFreeListTest() {
        for (long i = 0; i < COUNT; i++) {
            memory.set(ValueLayout.JAVA_INT, CHUNKS + (i << SHIFT), i + 1 < COUNT ? (int) (i + 1) : PoolHeader.EMPTY_INDEX);
        }
        memory.set(ValueLayout.JAVA_LONG, HEAD, 0L);
        heads = ConfinedFreeList.loadHeads(memory, LAYOUT);
    }

    /** One pool whose head word is at {@link #HEAD}, as in this test's hand-built memory. */
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 64);

    @AfterEach
    void close() {
        if (scope.scope().isAlive()) {
            scope.close();
        }
    }

    @Test
    void popsInListOrderUntilEmptyThenMinusOne() {
        for (long i = 0; i < COUNT; i++) {
            assertEquals(CHUNKS + i * 64, pop());
        }
        assertEquals(-1, pop());
        assertEquals(-1, pop());
        assertEquals(PoolHeader.EMPTY_INDEX & 0xFFFF_FFFFL, FreeList.indexOf(storedHead()));
    }

    @Test
    void pushIsLastInFirstOutAndAnInnerOffsetStandsForItsChunk() {
        long a = pop();
        long b = pop();
        push(a + 10);
        push(b);
        assertEquals(b, pop());
        assertEquals(a, pop());
        storedHead();
        assertEquals(COUNT - 2, FreeList.countFree(memory, HEAD, CHUNKS, SHIFT, COUNT));
    }

    @Test
    void everyOperationIncrementsTheGeneration() {
        long chunk = pop();
        assertEquals(1, FreeList.generationOf(storedHead()));
        push(chunk);
        assertEquals(2, FreeList.generationOf(storedHead()));
        assertEquals(0, FreeList.indexOf(storedHead()));
        assertEquals(-1, exhaust());
        assertEquals(2 + COUNT, FreeList.generationOf(storedHead()), "an empty pop changes nothing");
    }

    @Test
    void theSameListAsTheSharedOneOnceTheHeadsAreStoredAndLoaded() {
        long a = pop();
        long b = pop();
        storedHead();
        FreeList.push(memory, HEAD, CHUNKS, SHIFT, a);
        long[] reloaded = ConfinedFreeList.loadHeads(memory, LAYOUT);
        ConfinedFreeList.push(reloaded, 0, memory, CHUNKS, SHIFT, b);
        ConfinedFreeList.storeHeads(memory, LAYOUT, reloaded);
        FreeList.push(memory, HEAD, CHUNKS, SHIFT, FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
        assertEquals(b, FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
        assertEquals(a, FreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT));
        assertEquals(8, FreeList.generationOf(FreeList.head(memory, HEAD)));
        assertEquals(COUNT - 2, FreeList.countFree(memory, HEAD, CHUNKS, SHIFT, COUNT));
    }

    @Test
    void theHeadsLiveInTheArrayUntilStored() {
        long chunk = pop();
        assertEquals(0L, FreeList.head(memory, HEAD), "memory still holds the head as loaded");
        assertEquals((1L << 32) | 1, heads[0]);
        push(chunk);
        assertEquals((2L << 32), storedHead());
    }

    @Test
    void aHeadBeyondCountIsCorruptionAndChangesNothing() {
        long corrupted = (7L << 32) | COUNT;
        heads[0] = corrupted;
        CorruptFreeListException thrown = assertThrows(CorruptFreeListException.class, this::pop);
        assertEquals(0, thrown.pool());
        assertEquals(-1, thrown.headOffset());
        assertEquals(COUNT, thrown.index());
        assertEquals(COUNT, thrown.count());
        assertTrue(thrown.getMessage().contains("pool 0"), thrown.getMessage());
        assertEquals(corrupted, heads[0]);
    }

    @Test
    void aCorruptLinkIsTakenIntoTheHeadAndCaughtByTheNextPop() {
        memory.set(ValueLayout.JAVA_INT, CHUNKS, 0x7777);
        assertEquals(CHUNKS, pop());
        CorruptFreeListException thrown = assertThrows(CorruptFreeListException.class, this::pop);
        assertEquals(0x7777, thrown.index());
    }

    @Test
    void aClosedScopeSaysTheArenaIsClosed() {
        long before = heads[0];
        scope.close();
        IllegalStateException onPop = assertThrows(IllegalStateException.class, this::pop);
        IllegalStateException onPush = assertThrows(IllegalStateException.class,
                () -> push(CHUNKS));
        assertTrue(onPop.getMessage().contains("arena is closed"), onPop.getMessage());
        assertTrue(onPush.getMessage().contains("arena is closed"), onPush.getMessage());
        assertEquals(before, heads[0], "a refused operation leaves the head as it was");
    }

    private long pop() {
        return ConfinedFreeList.pop(heads, 0, memory, CHUNKS, SHIFT, COUNT);
    }

    private void push(long chunk) {
        ConfinedFreeList.push(heads, 0, memory, CHUNKS, SHIFT, chunk);
    }

    /** The list's head as the memory holds it after a write-back. */
    private long storedHead() {
        ConfinedFreeList.storeHeads(memory, LAYOUT, heads);
        return FreeList.head(memory, HEAD);
    }

    private long exhaust() {
        long last = 0;
        while (last >= 0) {
            last = pop();
        }
        return last;
    }
}

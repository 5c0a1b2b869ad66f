package io.arenagen.runtime.pool;

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
 * {@link ConfinedFreeList} on a hand-built pool (4 chunks of 64 bytes, head at 64, chunks at 80):
 * the same list as {@link FreeList} (LIFO order, exhaustion as {@code -1}, the generation
 * incremented by every operation), interchangeable with it on the same memory, and a head that
 * names no chunk is reported as corruption.
 */
class ConfinedFreeListTest {

    private static final long HEAD = 64;
    private static final long CHUNKS = 80;
    private static final int SHIFT = 6;
    private static final long COUNT = 4;

    private final Arena scope = Arena.ofConfined();
    private final MemorySegment memory = scope.allocate(128 + COUNT * 64, 4096);

    ConfinedFreeListTest() {
        for (long i = 0; i < COUNT; i++) {
            memory.set(ValueLayout.JAVA_INT, CHUNKS + (i << SHIFT), i + 1 < COUNT ? (int) (i + 1) : PoolHeader.EMPTY_INDEX);
        }
        memory.set(ValueLayout.JAVA_LONG, HEAD, 0L);
    }

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
        assertEquals(PoolHeader.EMPTY_INDEX & 0xFFFF_FFFFL, FreeList.indexOf(FreeList.head(memory, HEAD)));
    }

    @Test
    void pushIsLastInFirstOutAndAnInnerOffsetStandsForItsChunk() {
        long a = pop();
        long b = pop();
        ConfinedFreeList.push(memory, HEAD, CHUNKS, SHIFT, a + 10);
        ConfinedFreeList.push(memory, HEAD, CHUNKS, SHIFT, b);
        assertEquals(b, pop());
        assertEquals(a, pop());
        assertEquals(COUNT - 2, FreeList.countFree(memory, HEAD, CHUNKS, SHIFT, COUNT));
    }

    @Test
    void everyOperationIncrementsTheGeneration() {
        long chunk = pop();
        assertEquals(1, FreeList.generationOf(FreeList.head(memory, HEAD)));
        ConfinedFreeList.push(memory, HEAD, CHUNKS, SHIFT, chunk);
        assertEquals(2, FreeList.generationOf(FreeList.head(memory, HEAD)));
        assertEquals(0, FreeList.indexOf(FreeList.head(memory, HEAD)));
        assertEquals(-1, exhaust());
        assertEquals(2 + COUNT, FreeList.generationOf(FreeList.head(memory, HEAD)), "an empty pop changes nothing");
    }

    @Test
    void theSameListAsTheSharedOne() {
        long a = pop();
        long b = pop();
        FreeList.push(memory, HEAD, CHUNKS, SHIFT, a);
        ConfinedFreeList.push(memory, HEAD, CHUNKS, SHIFT, b);
        FreeList.push(memory, HEAD, CHUNKS, SHIFT, pop());
        assertEquals(b, pop());
        assertEquals(a, pop());
        assertEquals(8, FreeList.generationOf(FreeList.head(memory, HEAD)));
        assertEquals(COUNT - 2, FreeList.countFree(memory, HEAD, CHUNKS, SHIFT, COUNT));
    }

    @Test
    void aHeadBeyondCountIsCorruptionAndChangesNothing() {
        long corrupted = (7L << 32) | COUNT;
        memory.set(ValueLayout.JAVA_LONG, HEAD, corrupted);
        CorruptFreeListException thrown = assertThrows(CorruptFreeListException.class, this::pop);
        assertEquals(HEAD, thrown.headOffset());
        assertEquals(COUNT, thrown.index());
        assertEquals(COUNT, thrown.count());
        assertEquals(corrupted, FreeList.head(memory, HEAD));
    }

    @Test
    void aClosedScopeSaysTheArenaIsClosed() {
        scope.close();
        IllegalStateException onPop = assertThrows(IllegalStateException.class, this::pop);
        IllegalStateException onPush = assertThrows(IllegalStateException.class,
                () -> ConfinedFreeList.push(memory, HEAD, CHUNKS, SHIFT, CHUNKS));
        assertTrue(onPop.getMessage().contains("arena is closed"), onPop.getMessage());
        assertTrue(onPush.getMessage().contains("arena is closed"), onPush.getMessage());
    }

    private long pop() {
        return ConfinedFreeList.pop(memory, HEAD, CHUNKS, SHIFT, COUNT);
    }

    private long exhaust() {
        long last = 0;
        while (last >= 0) {
            last = pop();
        }
        return last;
    }
}

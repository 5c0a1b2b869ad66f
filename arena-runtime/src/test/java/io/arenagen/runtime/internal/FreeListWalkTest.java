package io.arenagen.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one bounded walk of a free list, on hand-made lists of 4 chunks of 16 bytes (head at 0, chunks
 * at 16): what it counts, which faults it names and where it stops, and when a walk is settled.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class FreeListWalkTest {

    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long HEAD = 0;
    private static final long CHUNKS = 16;
    private static final int SHIFT = 4;
    private static final long COUNT = 4;

    /** Memory with head {@code (generation, first)} and links {@code links[i]} in chunk {@code i}. */
    private static MemorySegment list(Arena arena, long generation, int first, int... links) {
        MemorySegment memory = arena.allocate(CHUNKS + COUNT * 16, 16);
        memory.set(WORD, HEAD, (generation << 32) | Integer.toUnsignedLong(first));
        for (int i = 0; i < links.length; i++) {
            memory.set(LINK, CHUNKS + ((long) i << SHIFT), links[i]);
        }
        return memory;
    }

    private static FreeListWalk walk(MemorySegment memory) {
        return FreeListWalk.walk(memory, HEAD, CHUNKS, SHIFT, COUNT, 3);
    }

    @Test
    void countsASoundListAndKeepsItsHead() {
        try (Arena arena = Arena.ofConfined()) {
            FreeListWalk full = walk(list(arena, 7, 0, 1, 2, 3, -1));
            assertEquals(new FreeListWalk((7L << 32), 4, null, null, true), full);
            assertTrue(full.sound());
            FreeListWalk partial = walk(list(arena, 9, 2, 0, 0, 3, -1));
            assertEquals(2, partial.free(), "2 -> 3 -> end");
            assertEquals(9, partial.head() >>> 32);
            FreeListWalk empty = walk(list(arena, 1, -1, 5, 5, 5, 5));
            assertEquals(0, empty.free(), "an empty list reads no link, however bad");
            assertTrue(empty.sound() && empty.settled());
        }
    }

    @Test
    void namesAHeadBeyondTheCountWithoutReadingAnyLink() {
        try (Arena arena = Arena.ofConfined()) {
            FreeListWalk walk = walk(list(arena, 0, 4, 1, 2, 3, -1));
            assertEquals(FreeListWalk.Fault.INDEX_OUT_OF_RANGE, walk.fault());
            assertEquals("head index 4, beyond count 4", walk.description());
            assertEquals(0, walk.free());
            assertTrue(walk.settled());
            assertFalse(walk.sound());
            assertEquals("head index 4294967294, beyond count 4", walk(list(arena, 0, -2)).description());
        }
    }

    @Test
    void namesTheLinkBeyondTheCountAndCountsUpToIt() {
        try (Arena arena = Arena.ofConfined()) {
            FreeListWalk walk = walk(list(arena, 0, 0, 1, 4, 3, -1));
            assertEquals(FreeListWalk.Fault.INDEX_OUT_OF_RANGE, walk.fault());
            assertEquals("free chunk 1 linking to index 4, beyond count 4", walk.description());
            assertEquals(2, walk.free(), "chunks 0 and 1 were walked");
            FreeListWalk last = walk(list(arena, 0, 3, -1, -1, -1, 3));
            assertEquals(FreeListWalk.Fault.CYCLE, last.fault(), "3 -> 3: the index 3 itself is in range");
        }
    }

    @Test
    void stopsACycleAfterCountEntries() {
        try (Arena arena = Arena.ofConfined()) {
            FreeListWalk walk = walk(list(arena, 0, 1, 1, 2, 3, 1));
            assertEquals(FreeListWalk.Fault.CYCLE, walk.fault());
            assertEquals("a free list that does not end: more than 4 entries from head index 1 (a cycle)",
                    walk.description());
            assertEquals(COUNT, walk.free());
            assertTrue(walk.settled());
            FreeListWalk exactlyCount = walk(list(arena, 0, 0, 1, 2, 3, -1));
            assertNull(exactlyCount.fault(), "count entries and an end is no cycle");
        }
    }

    /** A head that changes under every walk is reported unsettled: its count is only a best effort. */
    @Test
    void aHeadThatNeverHoldsStillIsUnsettled() throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = list(arena, 0, 0, 1, 2, 3, -1);
            AtomicBoolean stop = new AtomicBoolean();
            Thread bumper = Thread.ofPlatform().start(() -> {
                for (long generation = 1; !stop.get(); generation++) {
                    memory.set(WORD, HEAD, generation << 32);
                }
            });
            try {
                boolean sawUnsettled = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!sawUnsettled && System.nanoTime() < deadline) {
                    FreeListWalk walk = FreeListWalk.walk(memory, HEAD, CHUNKS, SHIFT, COUNT, 1);
                    assertEquals(4, walk.free(), "the links never change, only the generation");
                    sawUnsettled = !walk.settled();
                }
                assertTrue(sawUnsettled, "a walk overlapped a change of the head within 10 s");
            } finally {
                stop.set(true);
                bumper.join();
            }
        }
    }
}

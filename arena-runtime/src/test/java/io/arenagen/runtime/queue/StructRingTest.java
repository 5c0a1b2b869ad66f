package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every policy's single-threaded behaviour with struct elements in private memory: copying and in-place
 * traffic in order over many laps, full and empty, waits, counters, the slot addresses of odd element
 * shapes, and every misuse of commit and release refused without a change.
 */
final class StructRingTest {

    /** 24 bytes: an SPSC stride that is no power of two, an MPSC/MPMC slot of 64. */
    private static final long BYTES = 24;

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void copiesAndInPlaceTrafficKeepTheOrderOverManyLaps(RingPolicy policy) {
        try (StructRing ring = StructRings.local(policy, 4, BYTES, 8); Arena arena = Arena.ofConfined()) {
            assertEquals(BYTES, ring.elementSize());
            assertEquals(8, ring.elementAlignment());
            assertEquals(4 * ring.layout().slotSize(), ring.memory().byteSize(), "memory() is the slots alone");
            MemorySegment buffer = arena.allocate(BYTES + 5);
            long next = 0;
            long expected = 0;
            for (int lap = 0; lap < 10; lap++) {
                StructStamps.write(buffer, 5, BYTES, next++);
                assertTrue(ring.offer(buffer, 5));
                long at = ring.claim();
                assertTrue(at >= 0);
                assertEquals(0, at % 8, "aligned for the generated accessors");
                StructStamps.write(ring.memory(), at, BYTES, next++);
                ring.commit(at);
                StructStamps.write(buffer, 5, BYTES, next++);
                assertTrue(ring.offer(buffer, 5, 1, IdleStrategy.BUSY_SPIN));
                assertEquals(3, ring.size());
                long peeked = ring.peek();
                assertEquals(expected++, StructStamps.read(ring.memory(), peeked, BYTES));
                ring.release(peeked);
                assertTrue(ring.poll(buffer, 0));
                assertEquals(expected++, StructStamps.read(buffer, 0, BYTES));
                assertTrue(ring.poll(buffer, 0, 1, IdleStrategy.BUSY_SPIN));
                assertEquals(expected++, StructStamps.read(buffer, 0, BYTES));
                assertTrue(ring.isEmpty());
            }
            assertEquals(-1, ring.peek());
            assertFalse(ring.poll(buffer, 0));
            RingStats stats = ring.stats();
            assertEquals(30, stats.offered());
            assertEquals(30, stats.polled());
            assertEquals(-1, stats.stalledPosition());
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void fullRefusesAndCountsAndWaitsAreBounded(RingPolicy policy) {
        try (StructRing ring = StructRings.local(policy, 2, BYTES, 8); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BYTES);
            assertTrue(ring.offer(buffer, 0));
            assertTrue(ring.offer(buffer, 0));
            assertEquals(-1, ring.claim());
            assertFalse(ring.offer(buffer, 0));
            assertEquals(2, ring.stats().fulls());
            long started = System.nanoTime();
            assertFalse(ring.offer(buffer, 0, TimeUnit.MILLISECONDS.toNanos(20), IdleStrategy.BACKOFF));
            assertEquals(-1, ring.claim(TimeUnit.MILLISECONDS.toNanos(20), IdleStrategy.YIELD));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(40));
            assertTrue(ring.poll(buffer, 0, 1, IdleStrategy.BUSY_SPIN));
            assertTrue(ring.poll(buffer, 0));
            assertEquals(-1, ring.peek(TimeUnit.MILLISECONDS.toNanos(20), IdleStrategy.BACKOFF));
            assertFalse(ring.poll(buffer, 0, TimeUnit.MILLISECONDS.toNanos(20), IdleStrategy.BACKOFF));
            assertEquals(0, ring.stats().stalls(), "empty is no stall");
        }
    }

    @Test
    void oddShapesLieWhereTheCompilerPutsThem() {
        // 48 bytes aligned to 16: data at 16 of a 128-byte slot; 128 bytes: a 192-byte slot (no power of two).
        try (StructRing ring = StructRings.local(RingPolicy.MPSC, 4, 48, 16)) {
            assertEquals(16, ring.claim());
            ring.commit(16);
            assertEquals(128 + 16, ring.claim());
        }
        try (StructRing ring = StructRings.local(RingPolicy.MPMC, 4, 128, 8)) {
            assertEquals(192, ring.layout().slotSize());
            assertEquals(8, ring.claim());
            ring.commit(8);
            assertEquals(192 + 8, ring.claim());
        }
        try (StructRing ring = StructRings.local(RingPolicy.SPSC, 4, 24, 8)) {
            assertEquals(0, ring.claim());
            ring.commit(0);
            assertEquals(24, ring.claim());
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void commitAndReleaseOfAnythingButTheClaimedOrPeekedSlotAreRefused(RingPolicy policy) {
        try (StructRing ring = StructRings.local(policy, 4, BYTES, 8)) {
            long slot = ring.layout().slotSize();
            assertThrows(IllegalArgumentException.class, () -> ring.commit(ring.layout().dataOffset()),
                    "nothing claimed");
            assertThrows(IllegalArgumentException.class, () -> ring.release(ring.layout().dataOffset()),
                    "nothing peeked");
            long at = ring.claim();
            assertThrows(IllegalArgumentException.class, () -> ring.commit(at + slot), "the next slot");
            assertThrows(IllegalArgumentException.class, () -> ring.commit(-8));
            assertThrows(IllegalArgumentException.class, () -> ring.commit(at + 4), "misaligned");
            assertThrows(IllegalArgumentException.class, () -> ring.commit(1L << 40), "outside");
            assertEquals(0, ring.size() - (policy.sequenced() ? 1 : 0), "nothing changed");
            ring.commit(at);
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ring.commit(at));
            assertTrue(twice.getMessage().contains("commit(" + at + ")"), twice.getMessage());
            assertEquals(1, ring.size());
            long peeked = ring.peek();
            assertEquals(at, peeked);
            assertThrows(IllegalArgumentException.class, () -> ring.release(peeked + slot));
            ring.release(peeked);
            assertThrows(IllegalArgumentException.class, () -> ring.release(peeked), "released twice");
            assertTrue(ring.isEmpty());
            assertEquals(1, ring.stats().polled());
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void badBuffersAreRefusedBeforeAnythingIsClaimed(RingPolicy policy) {
        try (StructRing ring = StructRings.local(policy, 2, BYTES, 8); Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(BYTES - 1);
            assertThrows(IndexOutOfBoundsException.class, () -> ring.offer(small, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.offer(arena.allocate(BYTES), 1));
            assertEquals(0, ring.stats().offered(), "no slot was claimed");
            assertTrue(ring.offer(arena.allocate(BYTES), 0));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.poll(small, 0));
            MemorySegment readOnly = arena.allocate(BYTES).asReadOnly();
            assertThrows(IllegalArgumentException.class, () -> ring.poll(readOnly, 0));
            assertEquals(1, ring.size(), "nothing was taken");
            MemorySegment elsewhere = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> Arena.ofConfined().allocate(BYTES)).join();
            assertThrows(IllegalStateException.class, () -> ring.offer(elsewhere, 0), "confined to another thread");
            assertThrows(IllegalStateException.class, () -> ring.poll(elsewhere, 0));
            Arena closed = Arena.ofConfined();
            MemorySegment gone = closed.allocate(BYTES);
            closed.close();
            assertThrows(IllegalStateException.class, () -> ring.offer(gone, 0), "closed");
            assertEquals(1, ring.size(), "nothing was claimed or taken");
            assertEquals(1, ring.stats().offered());
        }
    }

    @Test
    void aClaimNeverCommittedIsAStallThatCanBeSkipped() {
        try (StructRing ring = StructRings.local(RingPolicy.MPSC, 4, BYTES, 8); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BYTES);
            long abandoned = ring.claim();
            assertTrue(abandoned >= 0);
            StructStamps.write(buffer, 0, BYTES, 7);
            assertTrue(ring.offer(buffer, 0));
            assertEquals(-1, ring.peek(TimeUnit.MILLISECONDS.toNanos(10), IdleStrategy.BACKOFF));
            assertEquals(1, ring.stats().stalls());
            assertEquals(0, ring.stalledPosition());
            assertTrue(ring.skipStalled(0));
            assertTrue(ring.poll(buffer, 0));
            assertEquals(7, StructStamps.read(buffer, 0, BYTES));
            assertThrows(IllegalArgumentException.class, () -> ring.commit(abandoned), "skipped: no longer claimed");
        }
        try (StructRing ring = StructRings.local(RingPolicy.SPSC, 4, BYTES, 8)) {
            assertThrows(UnsupportedOperationException.class, () -> ring.skipStalled(0));
        }
    }

    @Test
    void anMpmcPeekTakesTheSlotFromOtherConsumers() {
        try (StructRing ring = StructRings.local(RingPolicy.MPMC, 4, BYTES, 8); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BYTES);
            for (int i = 0; i < 2; i++) {
                StructStamps.write(buffer, 0, BYTES, i);
                assertTrue(ring.offer(buffer, 0));
            }
            long first = ring.peek();
            long second = ring.peek();
            assertTrue(first != second, "two peeks, two slots");
            assertEquals(0, StructStamps.read(ring.memory(), first, BYTES));
            assertEquals(1, StructStamps.read(ring.memory(), second, BYTES));
            assertEquals(-1, ring.peek());
            ring.release(second);
            ring.release(first);
            assertEquals(2, ring.stats().polled());
        }
    }

    @Test
    void configurationsBreakingTheRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> StructRings.local(RingPolicy.SPSC, 3, 24, 8));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> StructRings.local(RingPolicy.MPSC, 4, 20, 8));
        assertTrue(shape.getMessage().contains("[ArenaRingElementShape]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StructRings.local(RingPolicy.MPSC, 4, 128, 128));
        assertThrows(NullPointerException.class, () -> StructRings.local(null, 4, 8, 8));
    }
}

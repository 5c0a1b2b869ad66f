package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A producer that claimed a slot (its CAS on head succeeded) and died before publishing it: consumers stop
 * at that slot. They must see it (a bounded wait, counted in stats, and {@code stalledPosition}) and be able
 * to skip it. The claim is made here exactly as a producer makes it, a CAS of head, with no publish after.
 */
final class DeadProducerTest {

    private static final VarHandle LONG = LittleEndian.LONG;

    /** Claims the slot at head like a producer that dies right after its CAS. */
    static long claimAndDie(LongRing ring) {
        MemorySegment memory = ((AbstractLongRing) ring).memory;
        long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
        assertTrue(LONG.compareAndSet(memory, RingHeader.HEAD_OFFSET, head, head + 1));
        return head;
    }

    @ParameterizedTest
    @EnumSource(value = RingPolicy.class, names = {"MPSC", "MPMC"})
    void aClaimedUnpublishedSlotIsSeenCountedAndSkipped(RingPolicy policy) {
        try (LongRing ring = LongRings.local(policy, 8)) {
            assertTrue(ring.offer(1));
            assertEquals(-1, ring.stalledPosition(), "a published slot is not stalled");
            long dead = claimAndDie(ring);
            assertTrue(ring.offer(3));
            assertTrue(ring.offer(4));
            assertEquals(1, ring.poll(-1));
            assertEquals(3, ring.size(), "the dead slot counts as pending");
            assertEquals(dead, ring.stalledPosition());
            assertEquals(-1, ring.poll(-1), "consumers stop at the dead slot");
            assertEquals(0, ring.poll(new long[4], 0, 4));
            long started = System.nanoTime();
            assertEquals(-1, ring.poll(-1, TimeUnit.MILLISECONDS.toNanos(20), IdleStrategy.BACKOFF));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the wait is bounded");
            RingStats stats = ring.stats();
            assertEquals(1, stats.stalls());
            assertEquals(dead, stats.stalledPosition());
            assertEquals(0, stats.skipped());

            assertFalse(ring.skipStalled(dead + 1), "only the tail's slot");
            assertFalse(ring.skipStalled(dead - 1));
            assertTrue(ring.skipStalled(dead));
            assertFalse(ring.skipStalled(dead), "already skipped");
            assertEquals(1, ring.stats().skipped());
            assertEquals(-1, ring.stalledPosition());
            assertEquals(3, ring.poll(-1));
            assertEquals(4, ring.poll(-1));
            // The skipped slot is free for the next lap: 8 more offers fit, in order.
            for (long i = 0; i < 8; i++) {
                assertTrue(ring.offer(100 + i));
            }
            assertFalse(ring.offer(0));
            for (long i = 0; i < 8; i++) {
                assertEquals(100 + i, ring.poll(-1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = RingPolicy.class, names = {"MPSC", "MPMC"})
    void skipRefusesWhenNothingIsClaimedOrTheProducerPublishedAfterAll(RingPolicy policy) {
        try (LongRing ring = LongRings.local(policy, 4)) {
            assertFalse(ring.skipStalled(0), "empty: nothing claimed");
            assertTrue(ring.offer(9));
            assertFalse(ring.skipStalled(0), "published: not stalled");
            assertEquals(9, ring.poll(-1));
            long slow = claimAndDie(ring);
            assertEquals(slow, ring.stalledPosition());
            // The producer was only slow: it publishes now, and a skip must not lose its element.
            MemorySegment memory = ((AbstractLongRing) ring).memory;
            RingLayout layout = ring.layout();
            long slot = layout.slotOffset(slow & layout.mask());
            memory.set(LittleEndian.LONG_UNALIGNED, slot + layout.dataOffset(), 77L);
            LONG.setRelease(memory, slot, slow + 1);
            assertEquals(-1, ring.stalledPosition());
            assertFalse(ring.skipStalled(slow));
            assertEquals(77, ring.poll(-1, 0, IdleStrategy.BUSY_SPIN));
            assertEquals(0, ring.stats().stalls(), "a poll that got a value is no stall");
        }
    }

    @Test
    void spscHasNothingToSkip() {
        try (LongRing ring = LongRings.local(RingPolicy.SPSC, 4)) {
            assertEquals(-1, ring.stalledPosition());
            UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class,
                    () -> ring.skipStalled(0));
            assertTrue(thrown.getMessage().contains("is SPSC: its producer claims and publishes a slot in one store"),
                    thrown.getMessage());
        }
    }
}

package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every policy's single-threaded behaviour in private memory: order, bounds, batches, waits, counters. */
final class LongRingTest {

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void firstInFirstOutAcrossManyLaps(RingPolicy policy) {
        try (LongRing ring = LongRings.local(policy, 4)) {
            assertEquals(4, ring.capacity());
            assertEquals(policy, ring.policy());
            assertTrue(ring.isEmpty());
            long next = 0;
            long expected = 0;
            for (int lap = 0; lap < 10; lap++) {
                for (int i = 0; i < 3; i++) {
                    assertTrue(ring.offer(next++));
                }
                assertEquals(3, ring.size());
                assertFalse(ring.isEmpty());
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected++, ring.poll(-1));
                }
            }
            assertEquals(-1, ring.poll(-1));
            assertEquals(Long.MIN_VALUE, ring.poll(Long.MIN_VALUE));
            RingStats stats = ring.stats();
            assertEquals(30, stats.offered());
            assertEquals(30, stats.polled());
            assertEquals(0, stats.pending());
            assertEquals(-1, stats.stalledPosition());
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void fullRefusesAndCounts(RingPolicy policy) {
        try (LongRing ring = LongRings.local(policy, 2)) {
            assertTrue(ring.offer(-5));
            assertTrue(ring.offer(Long.MAX_VALUE));
            assertFalse(ring.offer(7));
            assertEquals(2, ring.size());
            assertEquals(1, ring.stats().fulls());
            assertEquals(0, ring.offer(new long[] {1, 2}, 0, 2));
            assertEquals(2, ring.stats().fulls());
            assertEquals(-5, ring.poll(0));
            assertTrue(ring.offer(8));
            assertEquals(Long.MAX_VALUE, ring.poll(0));
            assertEquals(8, ring.poll(0));
            assertEquals(0, ring.poll(0));
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void batchesTakeWhatFitsAndGiveWhatIsReady(RingPolicy policy) {
        try (LongRing ring = LongRings.local(policy, 8)) {
            long[] values = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
            assertEquals(0, ring.offer(values, 3, 0));
            assertEquals(3, ring.offer(values, 1, 3));
            assertEquals(5, ring.offer(values, 4, 6));
            assertEquals(8, ring.size());
            long[] into = new long[12];
            assertEquals(0, ring.poll(into, 0, 0));
            assertEquals(2, ring.poll(into, 1, 2));
            assertEquals(6, ring.poll(into, 3, 9));
            assertArrayEquals(new long[] {0, 11, 12, 13, 14, 15, 16, 17, 18, 0, 0, 0}, into);
            assertEquals(0, ring.poll(into, 0, 4));
            // Wrap-around in one batch: positions 8..13 land in slots 0..5 after the tail moved on.
            assertEquals(6, ring.offer(values, 0, 6));
            assertEquals(6, ring.poll(into, 0, 12));
            assertArrayEquals(new long[] {10, 11, 12, 13, 14, 15}, java.util.Arrays.copyOf(into, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.offer(values, 8, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.poll(into, -1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> ring.poll(into, 10, 3));
            assertEquals(0, ring.size());
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void blockingCallsWaitWithTheIdleStrategyAndGiveUpAtTheBound(RingPolicy policy) {
        try (LongRing ring = LongRings.local(policy, 2)) {
            AtomicInteger idles = new AtomicInteger();
            IdleStrategy counting = round -> {
                assertEquals(idles.getAndIncrement(), round);
                Thread.onSpinWait();
            };
            long started = System.nanoTime();
            assertEquals(-1, ring.poll(-1, TimeUnit.MILLISECONDS.toNanos(20), counting));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(20));
            assertTrue(idles.get() > 0);
            assertEquals(0, ring.stats().stalls(), "an empty queue is not a stall");
            assertTrue(ring.offer(1, 0, IdleStrategy.BUSY_SPIN));
            assertTrue(ring.offer(-1, 1_000_000, IdleStrategy.YIELD));
            idles.set(0);
            assertFalse(ring.offer(3, TimeUnit.MILLISECONDS.toNanos(5), counting));
            assertTrue(idles.get() > 0);
            // A polled value equal to ifEmpty is still a value: the wait does not go on after it.
            assertEquals(1, ring.poll(-1, 0, IdleStrategy.BACKOFF));
            started = System.nanoTime();
            assertEquals(-1, ring.poll(-1, TimeUnit.SECONDS.toNanos(5), IdleStrategy.BACKOFF));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4));
            assertEquals(0, ring.size());
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void aBlockingPollReturnsWhatAnotherThreadOffersLater(RingPolicy policy) throws Exception {
        try (LongRing ring = LongRings.local(policy, 2)) {
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ring.offer(42);
            });
            assertEquals(42, ring.poll(-1, TimeUnit.SECONDS.toNanos(10), IdleStrategy.BACKOFF));
            producer.join();
            assertTrue(ring.offer(1));
            assertTrue(ring.offer(2));
            Thread consumer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ring.poll(-1);
            });
            assertTrue(ring.offer(3, TimeUnit.SECONDS.toNanos(10), IdleStrategy.BACKOFF));
            consumer.join();
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void closedMeansIllegalState(RingPolicy policy) {
        LongRing ring = LongRings.local(policy, 4);
        assertTrue(ring.toString().contains(policy + ", capacity=4, element=8 B"), ring.toString());
        assertTrue(ring.stats().description().contains("private memory"), ring.stats().description());
        assertEquals(RingLayout.ofLongs(policy, 4), ring.layout());
        ring.mlock();
        ring.close();
        ring.close();
        assertThrows(IllegalStateException.class, () -> ring.offer(1));
        assertThrows(IllegalStateException.class, () -> ring.poll(-1));
        assertThrows(IllegalStateException.class, ring::size);
        assertThrows(IllegalStateException.class, ring::stats);
        assertThrows(IllegalStateException.class, ring::mlock);
        assertThrows(IllegalStateException.class, () -> ring.mbind(0));
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void badConfigurationsAreRefusedWithTheRuleWords(RingPolicy policy) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> LongRings.local(policy, 1000));
        assertTrue(thrown.getMessage().startsWith("[ArenaRingCapacityNotPowerOfTwo] capacity = 1000 is not a power of "
                + "two; the C++ BasicQueue would silently round it up to 1024"), thrown.getMessage());
        assertThrows(NullPointerException.class, () -> LongRings.local(null, 4));
        assertThrows(IllegalArgumentException.class,
                () -> LongRings.open(RingLayout.of(policy, 4, 16, 8), null, null));
        assertThrows(NullPointerException.class, () -> LongRings.open(null, null, null));
    }
}

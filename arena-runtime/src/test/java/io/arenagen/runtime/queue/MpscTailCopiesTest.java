package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.UniqueShmNames;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two copies of the tail an MPSC handle keeps ({@link MpscLongRing}): the producers' hint and the
 * consumer's next position. Both go stale whenever another handle (another process) moves the queue on, and
 * neither may then lose, repeat or overwrite a value. Each case lets a second handle of the same shared
 * object consume or skip in between, so that the first handle's copies are behind the shared words.
 */
@Timeout(10)
final class MpscTailCopiesTest {

    private static final int CAPACITY = 8;

    private final UniqueShmNames names = new UniqueShmNames("tailcopy");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    @Test
    void consumersTakingTurnsOnTwoHandlesGetEveryValueOnceInOrder() {
        String name = names.next();
        try (LongRing first = LongRings.shared(name, RingPolicy.MPSC, CAPACITY);
             LongRing second = LongRings.shared(name, RingPolicy.MPSC, CAPACITY)) {
            long next = 0;
            long expected = 0;
            // Turns of 1 to 5 polls per handle, across many laps: each handle's copy is behind on every turn.
            for (int turn = 0; turn < 200; turn++) {
                LongRing consumer = turn % 2 == 0 ? first : second;
                LongRing producer = turn % 3 == 0 ? first : second;
                while (producer.offer(next)) {
                    next++;
                }
                for (int i = 0; i <= turn % 5; i++) {
                    assertEquals(expected++, consumer.poll(-1), "turn " + turn);
                }
            }
            while (expected < next) {
                assertEquals(expected++, first.poll(-1));
            }
            assertEquals(-1, first.poll(-1));
            assertEquals(-1, second.poll(-1));
            assertTrue(first.isEmpty());
        }
    }

    @Test
    void aBatchPollOnAnotherHandleLeavesNothingToRepeat() {
        String name = names.next();
        try (LongRing first = LongRings.shared(name, RingPolicy.MPSC, CAPACITY);
             LongRing second = LongRings.shared(name, RingPolicy.MPSC, CAPACITY)) {
            assertEquals(CAPACITY, first.offer(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, 0, CAPACITY));
            assertEquals(0, first.poll(-1));
            long[] into = new long[CAPACITY];
            assertEquals(CAPACITY - 1, second.poll(into, 0, CAPACITY));
            assertEquals(7, into[CAPACITY - 2]);
            assertEquals(-1, first.poll(-1), "the first handle's next position was consumed by the second");
            assertTrue(second.offer(8));
            assertEquals(8, first.poll(-1));
        }
    }

    @Test
    void aSlotSkippedByAnotherHandleIsNotPolledAgain() {
        String name = names.next();
        try (LongRing consumer = LongRings.shared(name, RingPolicy.MPSC, CAPACITY);
             LongRing inspector = LongRings.shared(name, RingPolicy.MPSC, CAPACITY)) {
            assertTrue(consumer.offer(1));
            assertEquals(1, consumer.poll(-1));
            long dead = DeadProducerTest.claimAndDie(consumer);
            assertTrue(consumer.offer(3));
            assertEquals(-1, consumer.poll(-1), "stopped at the dead producer's slot");
            assertTrue(inspector.skipStalled(dead));
            assertEquals(3, consumer.poll(-1));
            assertEquals(-1, consumer.poll(-1));
        }
    }

    @Test
    void producersWhoseHintIsLapsBehindStillFillTheQueueExactly() {
        String name = names.next();
        try (LongRing busy = LongRings.shared(name, RingPolicy.MPSC, CAPACITY)) {
            // Many laps of traffic before the late handle exists, and more after it was opened: its hint (0 at
            // first, then whatever it last read) is laps behind the tail each time it offers.
            try (LongRing late = LongRings.shared(name, RingPolicy.MPSC, CAPACITY)) {
                for (int lap = 0; lap < 50; lap++) {
                    for (int i = 0; i < 3 * CAPACITY; i++) {
                        assertTrue(busy.offer(i));
                        assertEquals(i, busy.poll(-1));
                    }
                    for (int i = 0; i < CAPACITY; i++) {
                        assertTrue(late.offer(lap * 100L + i), "lap " + lap + ", offer " + i);
                    }
                    assertFalse(late.offer(-5), "full after exactly the capacity");
                    assertFalse(busy.offer(-5));
                    for (int i = 0; i < CAPACITY; i++) {
                        assertEquals(lap * 100L + i, busy.poll(-1));
                    }
                }
            }
        }
    }
}

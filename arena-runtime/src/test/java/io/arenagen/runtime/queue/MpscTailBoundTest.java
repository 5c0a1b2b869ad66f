package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The interleaving that made {@code QueueInteropTest}'s MPSC run stall, played deterministically. An MPSC
 * consumer frees a slot ({@code seq = tail + capacity}, release) before it moves the tail, and a batch pop
 * frees a whole run before its one tail store. In that pause the slot's sequence word already says "free
 * for position {@code tail + capacity}" while the tail still says the queue is full. A producer that judges
 * by the sequence word alone claims it, and head passes {@code tail + capacity}. The C++ batch push
 * ({@code join/queue.hpp}) computes its room as the unsigned {@code capacity - (head - tail)}: with
 * {@code head - tail = capacity + 1} that is 2^64 - 1, so it claims a whole batch over slots the consumer
 * has not read yet. It overwrites their elements and sequence words, the consumer waits for a sequence
 * word that never comes, and the C++ producer keeps claiming past the stuck tail (the stall report showed
 * head 20001, tail 128). So a Java producer must never move head past {@code tail + capacity}.
 *
 * <p>"The consumer" here is that pause, written into the words as the C++ pop writes them; the producer is
 * the real {@link LongRing#offer(long)}.
 */
@Timeout(10)
final class MpscTailBoundTest {

    private static final long CAPACITY = 4;

    @Test
    void aSingleOfferWaitsForTheTailNotOnlyForTheFreedSlot() {
        try (LongRing ring = LongRings.local(RingPolicy.MPSC, CAPACITY)) {
            AbstractLongRing raw = (AbstractLongRing) ring;
            for (long i = 0; i < CAPACITY; i++) {
                assertTrue(ring.offer(i));
            }
            // The consumer has read position 0 and freed its slot for position CAPACITY, and not yet stored tail 1.
            AbstractLongRing.LONG.setRelease(raw.memory, raw.seqOffset(0), CAPACITY);

            assertFalse(ring.offer(99), "the tail still says full: a claim now makes head - tail = capacity + 1");
            assertEquals(CAPACITY, head(raw) - tail(raw), "head stays within one lap of the tail");

            // The consumer finishes its pop: now the slot is free by both words.
            AbstractLongRing.LONG.setRelease(raw.memory, RingHeader.TAIL_OFFSET, 1L);
            assertTrue(ring.offer(99));
            assertEquals(CAPACITY + 1, head(raw));
            long[] drained = new long[8];
            assertEquals(CAPACITY, ring.poll(drained, 0, drained.length));
            assertEquals(99, drained[(int) CAPACITY - 1]);
        }
    }

    @Test
    void aSingleOfferWaitsForABatchPopsTailStore() {
        try (LongRing ring = LongRings.local(RingPolicy.MPSC, CAPACITY)) {
            AbstractLongRing raw = (AbstractLongRing) ring;
            for (long i = 0; i < CAPACITY; i++) {
                assertTrue(ring.offer(i));
            }
            // A batch pop of two has freed slots 0 and 1 and not yet stored tail 2.
            AbstractLongRing.LONG.setRelease(raw.memory, raw.seqOffset(0), CAPACITY);
            AbstractLongRing.LONG.setRelease(raw.memory, raw.seqOffset(1), CAPACITY + 1);

            assertFalse(ring.offer(98));
            assertEquals(0, ring.offer(new long[] {97}, 0, 1), "the batch offer judges by the tail already");
            assertEquals(CAPACITY, head(raw) - tail(raw));
        }
    }

    private static long head(AbstractLongRing raw) {
        return (long) AbstractLongRing.LONG.getAcquire(raw.memory, RingHeader.HEAD_OFFSET);
    }

    private static long tail(AbstractLongRing raw) {
        return (long) AbstractLongRing.LONG.getAcquire(raw.memory, RingHeader.TAIL_OFFSET);
    }
}

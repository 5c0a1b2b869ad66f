package io.arenagen.jcstress;

import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.RingPolicy;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJI_Result;

/**
 * MPSC claim by the tail: a full queue of two (1, 2; one lap in), its consumer polls while a producer offers
 * 3. The producer's fast path claims a slot by room at the tail alone, without reading the slot's sequence
 * word, so this is where it would overwrite 1 before the consumer read it (the consumer frees the slot
 * before it moves the tail, and the producer must not see the tail first). The offer either finds the queue
 * full or lands behind 2; 1 is never overwritten, 2 never lost.
 */
@JCStressTest
@Description("MPSC LongRing, full: an offer racing the poll that makes room never overwrites or loses a value")
@Outcome(id = {"1, 0, 2", "1, 1, 23"}, expect = Expect.ACCEPTABLE,
    desc = "1 polled; 3 either refused (full) or queued behind 2")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value overwritten, lost, duplicated or out of order")
@State
public class MpscFullRingTest {

    private final LongRing ring = full();

    private static LongRing full() {
        LongRing ring = StaleRing.of(RingPolicy.MPSC, 2);
        if (!ring.offer(1) || !ring.offer(2)) {
            throw new IllegalStateException("1 and 2 did not fit in " + ring);
        }
        return ring;
    }

    @Actor
    public void consumer(JJI_Result r) {
        r.r1 = ring.poll(-1);
    }

    @Actor
    public void producer(JJI_Result r) {
        r.r2 = ring.offer(3) ? 1 : 0;
    }

    /** The rest, in order, as decimal digits: 23 for 2 then 3. */
    @Arbiter
    public void check(JJI_Result r) {
        int rest = 0;
        for (long value = ring.poll(-1); value != -1; value = ring.poll(-1)) {
            rest = rest * 10 + (int) value;
        }
        r.r3 = rest;
        ring.close();
    }
}

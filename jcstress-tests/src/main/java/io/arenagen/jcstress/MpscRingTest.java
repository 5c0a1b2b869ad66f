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
 * MPSC sequence protocol: two producers (one offers 1 then 3, the other 2 and then, being the queue's one
 * consumer thread, polls twice) racing on head's CAS and the slots' sequence words, one lap in. Every value
 * is polled exactly once (by the consumer or, afterwards, the arbiter) and 1 before 3.
 */
@JCStressTest
@Description("MPSC LongRing: each value once, FIFO per producer, never a stale element")
@Outcome(id = {"-1, -1, 14", "-1, 1, 14", "1, -1, 14", "1, 2, 14", "1, 3, 14", "2, -1, 14", "2, 1, 14"},
    expect = Expect.ACCEPTABLE, desc = "every value once (mask 0b1110), in an order the queue can have")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value lost or twice, a stale element, 3 before 1, or the head slot skipped")
@State
public class MpscRingTest {

    private final LongRing ring = StaleRing.of(RingPolicy.MPSC, 4);

    @Actor
    public void producer(JJI_Result r) {
        ring.offer(1);
        ring.offer(3);
    }

    @Actor
    public void producerAndConsumer(JJI_Result r) {
        ring.offer(2);
        r.r1 = ring.poll(-1);
        r.r2 = ring.poll(-1);
    }

    @Arbiter
    public void check(JJI_Result r) {
        r.r3 = StaleRing.drainInto(ring, r.r1, r.r2);
        ring.close();
    }
}

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
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * SPSC offer/poll of a queue whose slots hold stale values: the consumer sees an element only once the
 * producer's release store of head covers it, so it never reads a stale or torn element, and sees the
 * elements in order, none skipped.
 */
@JCStressTest
@Description("SPSC LongRing: an element is visible when its position is; in order; never stale")
@Outcome(id = {"-1, -1", "-1, 1", "1, -1", "1, 2"}, expect = Expect.ACCEPTABLE, desc = "a prefix of 1, 2, in order")
@Outcome(expect = Expect.FORBIDDEN, desc = "a stale element (100, 101, 0), 2 before 1, or one twice")
@State
public class SpscRingTest {

    private final LongRing ring = StaleRing.of(RingPolicy.SPSC, 2);

    @Actor
    public void producer() {
        ring.offer(1);
        ring.offer(2);
    }

    @Actor
    public void consumer(JJ_Result r) {
        r.r1 = ring.poll(-1);
        r.r2 = ring.poll(-1);
    }

    @Arbiter
    public void close() {
        ring.close();                                      // unmaps now: jcstress makes many of these
    }
}

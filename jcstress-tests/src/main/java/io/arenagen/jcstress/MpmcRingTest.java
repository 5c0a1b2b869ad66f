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
 * MPMC sequence protocol: two threads each offer one value and then poll once, so two producers and two
 * consumers race on head's and tail's CAS and the slots' sequence words, one lap in. Every value is polled
 * exactly once (by a thread or, afterwards, the arbiter); a poll may find nothing while the other thread's
 * claimed slot is not published yet.
 */
@JCStressTest
@Description("MPMC LongRing: each value once across two consumers, never a stale element")
@Outcome(id = {"1, 2, 6", "2, 1, 6", "1, -1, 6", "-1, 1, 6", "2, -1, 6", "-1, 2, 6"}, expect = Expect.ACCEPTABLE,
    desc = "every value once (mask 0b110)")
@Outcome(id = "-1, -1, 6", expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "both polls found the head slot unpublished; the arbiter got both")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value lost or twice, or a stale element")
@State
public class MpmcRingTest {

    private final LongRing ring = StaleRing.of(RingPolicy.MPMC, 4);

    @Actor
    public void first(JJI_Result r) {
        ring.offer(1);
        r.r1 = ring.poll(-1);
    }

    @Actor
    public void second(JJI_Result r) {
        ring.offer(2);
        r.r2 = ring.poll(-1);
    }

    @Arbiter
    public void check(JJI_Result r) {
        r.r3 = StaleRing.drainInto(ring, r.r1, r.r2);
        ring.close();
    }
}

package io.arenagen.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/** Two threads pop one list at once: each gets its own chunk, the first two of the list. */
@JCStressTest
@Description("FreeList.pop by two threads: never the same chunk twice")
@Outcome(id = {"64, 128", "128, 64"}, expect = Expect.ACCEPTABLE, desc = "each thread got its own chunk")
@Outcome(expect = Expect.FORBIDDEN, desc = "a chunk handed out twice, or one skipped or lost")
@State
public class FreeListPopPopTest {

    private final FourChunks pool = new FourChunks();

    @Actor
    public void first(JJ_Result r) {
        r.r1 = pool.pop();
    }

    @Actor
    public void second(JJ_Result r) {
        r.r2 = pool.pop();
    }
}

package io.arenagen.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads each take two chunks and give them back, the pops of one racing the pushes of the other
 * (the pattern where an untagged head suffers ABA). Each thread stamps its chunks with its id when it takes
 * them and finds its own stamp when it frees them (no other thread held them meanwhile), and the list
 * afterwards holds all four, without a cycle.
 */
@JCStressTest
@Description("FreeList pop, pop, push, push by two threads: no chunk held by both, none lost")
@Outcome(id = "1, 1, 4", expect = Expect.ACCEPTABLE, desc = "each thread owned its chunks, all four back on the list")
@Outcome(expect = Expect.FORBIDDEN, desc = "a chunk held by both threads at once, or the list lost or repeated one")
@State
public class FreeListCycleTest {

    private final FourChunks pool = new FourChunks();

    @Actor
    public void first(III_Result r) {
        r.r1 = takeTwoAndFree(1);
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = takeTwoAndFree(2);
    }

    /** 1 if both chunks still carried this thread's stamp when it freed them, else 0. */
    private int takeTwoAndFree(long id) {
        long one = pool.pop();
        long two = pool.pop();
        if (one < 0 || two < 0) {
            return 0;                                      // four chunks, two per thread: never empty
        }
        pool.stamp(one, id);
        pool.stamp(two, id);
        boolean owned = pool.stampOf(one) == id && pool.stampOf(two) == id;
        pool.push(two);
        pool.push(one);
        return owned ? 1 : 0;
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = (int) pool.free();
    }
}

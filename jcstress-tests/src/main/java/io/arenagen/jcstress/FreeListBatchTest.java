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
 * A thread cache's refill and drain (a batch pop of two chunks, a batch push of them) racing a single pop
 * and push of another thread. Each side stamps what it took and finds its stamp before giving it back (no
 * chunk was held by both at once), the batch got both chunks (four on the list, at most one elsewhere),
 * and all four are back afterwards.
 */
@JCStressTest
@Description("FreeListBatch popBatch/pushBatch against FreeList pop/push: no chunk held twice, none lost")
@Outcome(id = "1, 1, 4", expect = Expect.ACCEPTABLE, desc = "each side owned its chunks, all four back on the list")
@Outcome(expect = Expect.FORBIDDEN, desc = "a chunk held by both at once, a short batch, or the list lost or repeated one")
@State
public class FreeListBatchTest {

    private final FourChunks pool = new FourChunks();
    private final long[] batch = new long[2];

    @Actor
    public void cache(III_Result r) {
        int taken = pool.popBatch(batch, 2);               // refill: one acquire CAS for both
        if (taken != 2 || !FourChunks.distinctChunks(batch[0], batch[1])) {
            r.r1 = 0;
            return;
        }
        pool.stamp(batch[0], 1);
        pool.stamp(batch[1], 1);
        boolean owned = pool.stampOf(batch[0]) == 1 && pool.stampOf(batch[1]) == 1;
        pool.pushBatch(batch, taken);                      // drain: one release CAS for both
        r.r1 = owned ? 1 : 0;
    }

    @Actor
    public void thread(III_Result r) {
        long chunk = pool.pop();
        if (chunk < 0) {
            r.r2 = 0;
            return;
        }
        pool.stamp(chunk, 2);
        boolean owned = pool.stampOf(chunk) == 2;
        pool.push(chunk);
        r.r2 = owned ? 1 : 0;
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = (int) pool.free();
    }
}

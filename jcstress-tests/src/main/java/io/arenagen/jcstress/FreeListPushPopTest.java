package io.arenagen.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * One thread writes into a chunk it holds and frees it; another allocates. If it gets that chunk, it sees
 * what was written before the free: push's release CAS and pop's acquire load order them.
 */
@JCStressTest
@Description("FreeList.push then pop: the chunk's contents written before the push are visible after the pop")
@Outcome(id = "64, 42", expect = Expect.ACCEPTABLE, desc = "popped the pushed chunk, with its contents")
@Outcome(id = "128, 0", expect = Expect.ACCEPTABLE, desc = "popped before the push: the next chunk")
@Outcome(id = "64, 0", expect = Expect.FORBIDDEN, desc = "popped the pushed chunk but not the writes before the push")
@Outcome(expect = Expect.FORBIDDEN, desc = "another chunk or garbage")
@State
public class FreeListPushPopTest {

    private final FourChunks pool = new FourChunks();
    private final long held = pool.pop();                  // chunk 0 (offset 64), held by the freeing thread

    @Actor
    public void free() {
        pool.stamp(held, 42);                              // plain store, published by push's release CAS
        pool.push(held);
    }

    @Actor
    public void allocate(JJ_Result r) {
        long chunk = pool.pop();
        r.r1 = chunk;
        r.r2 = chunk < 0 ? -1 : pool.stampOf(chunk);       // plain load, after pop's acquire
    }
}

package io.arenagen.benchmarks;

import io.arenagen.Ring;
import io.arenagen.runtime.queue.LongRing;

/** A generated MPSC queue of chunk offsets, as a user declares one; for {@link RingBenchmark}. */
@Ring(capacity = 1024, policy = Ring.Policy.MPSC)
public interface MpscOffsets extends LongRing {
}

package io.arenagen.benchmarks;

import io.arenagen.Ring;
import io.arenagen.runtime.queue.LongRing;

/** A generated SPSC queue of chunk offsets, as a user declares one; for {@link RingBenchmark}. */
@Ring(capacity = 1024, policy = Ring.Policy.SPSC)
public interface SpscOffsets extends LongRing {
}

package io.arenagen.benchmarks;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** The 3-pool configuration of the pair benchmarks ({@link Requests#SIZES_3}), generated and confined. */
@Arena(count = 1024, sizes = {64, 256, 1024}, confined = true)
public interface BenchConfined3 extends SlabAllocator {
}

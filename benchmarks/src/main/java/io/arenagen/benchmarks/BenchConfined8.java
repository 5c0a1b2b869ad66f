package io.arenagen.benchmarks;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** The 8-pool configuration of the pair benchmarks ({@link Requests#SIZES_8}), generated and confined. */
@Arena(count = 1024, sizes = {16, 32, 64, 128, 256, 512, 1024, 2048}, confined = true)
public interface BenchConfined8 extends SlabAllocator {
}

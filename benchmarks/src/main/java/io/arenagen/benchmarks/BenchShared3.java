package io.arenagen.benchmarks;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/** {@link Bench3}'s configuration in shared memory, for {@link TwoProcessBenchmark}. */
@Arena(count = 1024, sizes = {64, 256, 1024}, backend = Backend.SHM)
public interface BenchShared3 extends SlabAllocator {
}

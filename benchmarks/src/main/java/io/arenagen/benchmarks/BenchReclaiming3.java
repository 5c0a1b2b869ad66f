package io.arenagen.benchmarks;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/** {@link BenchShared3}'s configuration with reclamation on, for {@link ReclamationBenchmark}. */
@Arena(count = 1024, sizes = {64, 256, 1024}, backend = Backend.SHM, reclamation = true)
public interface BenchReclaiming3 extends SlabAllocator {
}

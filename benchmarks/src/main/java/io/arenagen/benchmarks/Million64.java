package io.arenagen.benchmarks;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** A large arena for {@link CreationBenchmark}: a million 64-byte chunks. */
@Arena(count = 1_000_000, sizes = {64})
public interface Million64 extends SlabAllocator {
}

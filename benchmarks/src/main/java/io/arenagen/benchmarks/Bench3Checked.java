package io.arenagen.benchmarks;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** {@link Bench3} in checked mode: what double-free and foreign-offset detection costs. */
@Arena(count = 1024, sizes = {64, 256, 1024}, checked = true)
public interface Bench3Checked extends SlabAllocator {
}

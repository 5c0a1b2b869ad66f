package io.arenagen.examples.quickstart;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/**
 * 128 chunks of 64 bytes in private memory, holding {@link Sample}s: the compiler checks that a sample
 * fits a chunk (the C++ documentation's {@code static_assert(sizeof(Sample) <= 64)}).
 */
@Arena(count = 128, sizes = 64, holds = Sample.class)
public interface SampleArena extends SlabAllocator {

    /**
     * A chunk for one {@link Sample}, from the pool chosen at compile time.
     *
     * @return its offset into {@link #memory()}, or {@code -1} if every chunk is taken
     */
    long allocateSample();
}

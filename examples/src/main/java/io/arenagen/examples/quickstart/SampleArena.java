package io.arenagen.examples.quickstart;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** 128 chunks of 64 bytes in private memory: room for one {@link Sample} each. */
@Arena(count = 128, sizes = 64)
public interface SampleArena extends SlabAllocator {
}

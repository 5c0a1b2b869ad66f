package io.arenagen.examples.guide;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** One count for every pool: 1024 chunks of 64 B and 1024 of 1 MiB, about 1 GiB in all. Never instantiated here. */
@Arena(count = 1024, sizes = {64, 1 << 20})
public interface SizingArena extends SlabAllocator {}

package io.arenagen.examples.promotion;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** Three pools of two chunks each: small enough to watch exhaustion and promotion happen. */
@Arena(count = 2, sizes = {64, 256, 1024})
public interface TieredArena extends SlabAllocator {
}

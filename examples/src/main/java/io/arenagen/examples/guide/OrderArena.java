package io.arenagen.examples.guide;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** Private memory holding {@link Order}s, with typed allocation through the interface. */
@Arena(count = 1024, sizes = {64, 256}, holds = {Order.class})
public interface OrderArena extends SlabAllocator {
    long allocateOrder();      // optional: typed allocation through the interface
    long tryAllocateOrder();
}

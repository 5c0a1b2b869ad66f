package io.arenagen.injection.guice;

import io.arenagen.Arena;
import io.arenagen.ComponentModel;
import io.arenagen.runtime.SlabAllocator;

/** A private arena for Guice: the processor generates {@code GuiceOrderArenaImpl} and {@code GuiceOrderArenaGuiceModule}. */
@Arena(count = 16, sizes = {64, 256}, componentModel = ComponentModel.JAKARTA)
public interface GuiceOrderArena extends SlabAllocator {
}

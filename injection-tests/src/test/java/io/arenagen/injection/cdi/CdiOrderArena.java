package io.arenagen.injection.cdi;

import io.arenagen.Arena;
import io.arenagen.ComponentModel;
import io.arenagen.runtime.SlabAllocator;

/** A private arena as a CDI bean: {@code CdiOrderArenaImpl} is a {@code @Singleton} closed by its {@code @PreDestroy}. */
@Arena(count = 16, sizes = {64, 256}, componentModel = ComponentModel.CDI)
public interface CdiOrderArena extends SlabAllocator {
}

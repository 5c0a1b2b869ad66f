package io.arenagen.examples.injection;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** The arena a service asks for by type; it never names the generated class. */
@Arena(count = 64, sizes = {64, 512})
public interface MarketDataArena extends SlabAllocator {

    /** Interfaces may carry default methods; the generated class inherits them. */
    default boolean fitsInSmallChunk(long bytes) {
        return bytes <= 64;
    }
}

package io.arenagen.benchmarks;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

/** Quotes in 64-byte chunks, with typed allocation through the interface. */
@Arena(count = 1024, sizes = {64, 256}, holds = Quote.class)
public interface QuoteArena extends SlabAllocator {

    /** A chunk for a {@link Quote}: its offset, or {@code -1}. */
    long allocateQuote();
}

package io.arenagen.examples.shared;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/**
 * The arena two processes share: 64-byte message chunks, and 16 KiB chunks of which one holds the
 * {@link OffsetRing} through which the producer hands message offsets to the consumer.
 */
@Arena(count = 512, sizes = {64, 16384}, backend = Backend.SHM)
public interface MessageArena extends SlabAllocator {
}

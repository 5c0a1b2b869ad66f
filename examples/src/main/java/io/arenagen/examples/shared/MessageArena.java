package io.arenagen.examples.shared;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/**
 * The arena two processes share: 64-byte message chunks. Their offsets travel through the
 * {@link OffsetQueue}.
 */
@Arena(count = 512, sizes = {64}, backend = Backend.SHM)
public interface MessageArena extends SlabAllocator {
}

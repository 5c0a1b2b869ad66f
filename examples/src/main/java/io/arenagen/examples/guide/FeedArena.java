package io.arenagen.examples.guide;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/** The README's arena: 128 chunks each of 64, 256 and 1024 bytes in POSIX shared memory. */
@Arena(count = 128, sizes = {64, 256, 1024}, backend = Backend.SHM)
public interface FeedArena extends SlabAllocator {}

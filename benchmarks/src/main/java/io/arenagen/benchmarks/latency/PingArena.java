package io.arenagen.benchmarks.latency;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/**
 * The shared arena both processes allocate {@link Ping}s from and free them to: one pool of 64-byte
 * chunks, enough for both queues full (2 × 4096) and then some, so that allocation never fails while
 * the queues have room.
 */
@Arena(count = 16384, sizes = 64, backend = Backend.SHM)
public interface PingArena extends SlabAllocator {
}

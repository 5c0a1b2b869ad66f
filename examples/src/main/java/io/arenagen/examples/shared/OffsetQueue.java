package io.arenagen.examples.shared;

import io.arenagen.Backend;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.LongRing;

/**
 * The queue through which the producer hands message offsets to the consumer: one producer, one
 * consumer, in a shared-memory object of its own beside the arena. The same bytes as a C++
 * {@code BasicQueue<uint64_t, ShmMem, Spsc>} of 1024 slots, so a C++ process could take either side.
 */
@Ring(capacity = 1024, policy = Ring.Policy.SPSC, backend = Backend.SHM)
public interface OffsetQueue extends LongRing {
}

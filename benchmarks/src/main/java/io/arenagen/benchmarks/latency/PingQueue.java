package io.arenagen.benchmarks.latency;

import io.arenagen.Backend;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.StructRing;

/**
 * One direction of a round trip with the message in the queue itself: {@link Ping} elements written and read
 * in place, one producer process, one consumer process.
 */
@Ring(capacity = 4096, policy = Ring.Policy.SPSC, backend = Backend.SHM, element = Ping.class)
public interface PingQueue extends StructRing {
}

package io.arenagen.benchmarks.latency;

import io.arenagen.Backend;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.LongRing;

/** One direction of a round trip: offsets of {@link Ping} chunks, one producer process, one consumer process. */
@Ring(capacity = 4096, policy = Ring.Policy.SPSC, backend = Backend.SHM)
public interface PingRing extends LongRing {
}

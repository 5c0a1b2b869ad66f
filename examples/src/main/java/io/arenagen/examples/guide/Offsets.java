package io.arenagen.examples.guide;

import io.arenagen.Backend;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.LongRing;

/** docs/queues.md's queue: chunk offsets from many producers to one consumer, in shared memory. */
@Ring(capacity = 1024, policy = Ring.Policy.MPSC, backend = Backend.SHM, name = "/offsets")
public interface Offsets extends LongRing {}

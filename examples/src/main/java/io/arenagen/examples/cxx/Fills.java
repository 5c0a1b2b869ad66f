package io.arenagen.examples.cxx;

import io.arenagen.Backend;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.StructRing;

/** Fills from C++ to Java: a {@code BasicQueue<Fill, ShmMem, Spsc>} of 64 slots. */
@Ring(capacity = 64, policy = Ring.Policy.SPSC, element = Fill.class, backend = Backend.SHM)
public interface Fills extends StructRing {
}

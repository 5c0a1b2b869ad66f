package io.arenagen.examples.cxx;

import io.arenagen.Backend;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.StructRing;

/** Orders from Java to C++: a {@code BasicQueue<Order, ShmMem, Mpsc>} of 64 slots. */
@Ring(capacity = 64, policy = Ring.Policy.MPSC, element = Order.class, backend = Backend.SHM)
public interface Orders extends StructRing {

    /** Copies {@code order} into a free slot (generated); false if the queue is full. */
    boolean offer(Order order);
}

package io.arenagen.examples.guide;

import io.arenagen.Backend;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.StructRing;

/** docs/queues.md's queue of {@link Order} structs, declared. */
@Ring(capacity = 256, policy = Ring.Policy.MPMC, element = Order.class, backend = Backend.SHM, name = "/orders")
public interface OrderQueue extends StructRing {
    boolean offer(Order order);    // optional: typed and copying (OrderStruct.write), declared to call it here
    Order poll();                  // optional: typed and copying; allocates the record, null if empty
}

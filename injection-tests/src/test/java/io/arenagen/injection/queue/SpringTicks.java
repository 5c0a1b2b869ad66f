package io.arenagen.injection.queue;

import io.arenagen.Backend;
import io.arenagen.ComponentModel;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.StructRing;

/**
 * A shared SPSC queue of {@link Tick} records that Spring's component scanning finds as {@code SpringTicksImpl},
 * a {@code @Component} extending the runtime's {@code SpscStructRing}.
 */
@Ring(capacity = 64, policy = Ring.Policy.SPSC, element = Tick.class, backend = Backend.SHM, name = SpringTicks.NAME,
        componentModel = ComponentModel.SPRING)
public interface SpringTicks extends StructRing {

    /** The shared-memory object. */
    String NAME = "/arenagen-injection-tests-ticks";

    /** Typed and copying, generated. */
    boolean offer(Tick tick);

    /** Typed and copying, generated; null if empty. */
    Tick poll();
}

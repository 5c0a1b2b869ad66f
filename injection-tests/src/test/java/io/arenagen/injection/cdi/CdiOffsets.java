package io.arenagen.injection.cdi;

import io.arenagen.ComponentModel;
import io.arenagen.Ring;
import io.arenagen.runtime.queue.LongRing;

/**
 * A private MPSC queue of chunk offsets as a CDI bean: {@code CdiOffsetsImpl} is a {@code @Singleton} that
 * extends the runtime's {@code MpscLongRing}, closed by its {@code @PreDestroy closeOnDestroy()}.
 */
@Ring(capacity = 64, policy = Ring.Policy.MPSC, componentModel = ComponentModel.CDI)
public interface CdiOffsets extends LongRing {
}

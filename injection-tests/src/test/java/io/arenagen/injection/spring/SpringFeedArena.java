package io.arenagen.injection.spring;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.ComponentModel;
import io.arenagen.runtime.SlabAllocator;

/** A shared arena that Spring's component scanning finds as {@code SpringFeedArenaImpl}, a {@code @Component}. */
@Arena(count = 16, sizes = {64, 256}, backend = Backend.SHM, name = SpringFeedArena.NAME,
        componentModel = ComponentModel.SPRING)
public interface SpringFeedArena extends SlabAllocator {

    /** The shared-memory object. */
    String NAME = "/arenagen-injection-tests-spring";
}

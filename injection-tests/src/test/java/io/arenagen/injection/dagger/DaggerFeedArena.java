package io.arenagen.injection.dagger;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.ComponentModel;
import io.arenagen.runtime.SlabAllocator;

/** A shared arena for Dagger: the processor generates {@code DaggerFeedArenaImpl} and {@code DaggerFeedArenaDaggerModule}. */
@Arena(count = 16, sizes = {64, 256}, backend = Backend.SHM, name = DaggerFeedArena.NAME,
        componentModel = ComponentModel.JAKARTA)
public interface DaggerFeedArena extends SlabAllocator {

    /** The shared-memory object. */
    String NAME = "/arenagen-injection-tests-dagger";
}

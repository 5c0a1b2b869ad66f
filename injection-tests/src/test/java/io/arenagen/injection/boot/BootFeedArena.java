package io.arenagen.injection.boot;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/**
 * A shared arena whose object name comes from the application's configuration: no {@code componentModel}, so
 * the application declares the bean itself ({@link FeedApplication#feedArena}) with the generated name constructor.
 */
@Arena(count = 16, sizes = {64, 256}, backend = Backend.SHM)
public interface BootFeedArena extends SlabAllocator {
}

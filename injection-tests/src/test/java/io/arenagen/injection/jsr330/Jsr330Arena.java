package io.arenagen.injection.jsr330;

import io.arenagen.Arena;
import io.arenagen.ComponentModel;
import io.arenagen.runtime.SlabAllocator;

/** A private arena with the older {@code javax.inject} annotations, for Dagger. */
@Arena(count = 16, sizes = {64}, componentModel = ComponentModel.JSR330)
public interface Jsr330Arena extends SlabAllocator {
}

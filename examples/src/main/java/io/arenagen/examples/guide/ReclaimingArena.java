package io.arenagen.examples.guide;

import io.arenagen.Arena;
import io.arenagen.Backend;
import io.arenagen.runtime.SlabAllocator;

/**
 * docs/reclamation.md's declared arena: shared memory with ownership and reclamation, so that the chunks of a
 * process that dies holding them come back (at the next attach, or on {@code reclaim()}).
 */
@Arena(count = 256, sizes = {64, 1024}, backend = Backend.SHM, reclamation = true)
public interface ReclaimingArena extends SlabAllocator {}

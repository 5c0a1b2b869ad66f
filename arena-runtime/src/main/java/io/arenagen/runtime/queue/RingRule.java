package io.arenagen.runtime.queue;

import io.arenagen.runtime.layout.ErrorTag;

/**
 * The rules a queue configuration must satisfy, each with the tag that prefixes its message, in the
 * annotation processor's errors and in the run-time factory's {@link IllegalArgumentException}s alike.
 */
public enum RingRule implements ErrorTag {
    /** Capacity is not a power of two (the C++ queue would silently round it up). */
    CAPACITY_NOT_POWER_OF_TWO("ArenaRingCapacityNotPowerOfTwo"),
    /** Capacity is below the policy's minimum (1 for SPSC, 2 for sequenced slots) or negative. */
    CAPACITY_TOO_SMALL("ArenaRingCapacityTooSmall"),
    /** The queue's footprint does not fit in a mapping. */
    FOOTPRINT_OVERFLOW("ArenaRingFootprintOverflow"),
    /** The element's size or alignment cannot be laid out as a C++ struct would be. */
    ELEMENT_SHAPE("ArenaRingElementShape");

    private final String tag;

    RingRule(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}

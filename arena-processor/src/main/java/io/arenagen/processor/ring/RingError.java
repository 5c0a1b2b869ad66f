package io.arenagen.processor.ring;

import io.arenagen.runtime.layout.ErrorTag;

/**
 * The tags of the errors on {@code @Ring} declarations beyond the configuration rules
 * ({@link io.arenagen.runtime.queue.RingRule}, shared with the run-time factory).
 */
public enum RingError implements ErrorTag {
    /** {@code @Ring} on a class, enum, record or annotation. */
    NOT_INTERFACE("ArenaRingNotInterface"),
    /** The interface has type parameters. */
    GENERIC("ArenaRingGenericInterface"),
    /** The interface does not extend {@code LongRing}. */
    MISSING_LONG_RING("ArenaRingMissingLongRing"),
    /** The interface of a queue of {@code @Struct} records does not extend {@code StructRing}. */
    MISSING_STRUCT_RING("ArenaRingMissingStructRing"),
    /** The interface declares an abstract method the generated class could not implement. */
    EXTRA_ABSTRACT_METHOD("ArenaRingExtraAbstractMethod"),
    /** The interface, or a type that encloses it, is private: the generated class cannot implement it. */
    INACCESSIBLE("ArenaRingInaccessibleInterface"),
    /** {@code element} is neither {@code long.class} nor a {@code @Struct} record. */
    ELEMENT_UNSUPPORTED("ArenaRingElementUnsupported"),
    /** {@code name} is not a valid shared-memory name. */
    INVALID_SHM_NAME("ArenaRingInvalidShmName"),
    /** {@code name} with {@code backend = LOCAL}. */
    NAME_ON_LOCAL("ArenaRingNameOnLocal"),
    /** A container must construct an SHM queue but no {@code name} tells it which object. */
    COMPONENT_MODEL_NEEDS_NAME("ArenaRingComponentModelNeedsName"),
    /** The container's annotations are not on the compile class path. */
    COMPONENT_MODEL_UNAVAILABLE("ArenaRingComponentModelUnavailable");

    private final String tag;

    RingError(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}

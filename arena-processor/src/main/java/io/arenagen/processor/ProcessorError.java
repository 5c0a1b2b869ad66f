package io.arenagen.processor;

import io.arenagen.runtime.layout.ErrorTag;
import io.arenagen.runtime.layout.Rule;

/**
 * The errors only the processor reports, beside the value rules it shares with the run-time arenas
 * ({@link Rule}): rules about the type that carries {@code @Arena}, and the two ways generation itself
 * can fail. Together with {@link Rule} this is the whole catalogue of tags a user may see.
 */
enum ProcessorError implements ErrorTag {
    /** The target is a class, enum, record or annotation instead of an interface. */
    NOT_INTERFACE("ArenaNotInterface"),
    /** The target has type parameters; the generated class could not pick arguments for them. */
    GENERIC("ArenaGenericInterface"),
    /** The target does not extend {@code io.arenagen.runtime.SlabAllocator}. */
    MISSING_SLAB_ALLOCATOR("ArenaMissingSlabAllocator"),
    /** The target declares or inherits an abstract method that the generated class cannot implement. */
    EXTRA_ABSTRACT_METHOD("ArenaExtraAbstractMethod"),
    /** The generated class, a top-level class in the same package, could not see the target. */
    INACCESSIBLE("ArenaInaccessibleInterface"),
    /** The processor option {@code arenagen.defaultComponentModel} names no component model. */
    INVALID_OPTION("ArenaInvalidOption"),
    /** The component model's annotations are not on the compile class path: a dependency is missing. */
    COMPONENT_MODEL_UNAVAILABLE("ArenaComponentModelUnavailable"),
    /** A container would construct an SHM arena, but {@code name} does not say which object to open. */
    COMPONENT_MODEL_NEEDS_NAME("ArenaComponentModelNeedsName"),
    /** {@code name} breaks the run-time rules for shared-memory names ({@code ShmName}). */
    INVALID_SHM_NAME("ArenaInvalidShmName"),
    /** {@code name} on a LOCAL arena, which lives in private memory and has no name. */
    NAME_ON_LOCAL("ArenaNameOnLocal"),
    /** The filer refused the generated source, usually because a type of that name exists already. */
    GENERATION_FAILED("ArenaGenerationFailed"),
    /** An exception inside the processor: a bug of ours, reported with its stack trace. */
    INTERNAL_ERROR("ArenaInternalError");

    private final String tag;

    ProcessorError(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}

package io.arenagen.processor.common;

import io.arenagen.runtime.layout.ErrorTag;
import io.arenagen.runtime.layout.Rule;

/**
 * The errors only the processor reports, beside the value rules it shares with the run-time arenas
 * ({@link Rule}): rules about the type that carries {@code @Arena}, and the two ways generation itself
 * can fail. Together with {@link Rule} this is the whole catalogue of tags a user may see.
 */
public enum ProcessorError implements ErrorTag {
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
    /** {@code confined = true} on a shared-memory arena, which other processes use by definition. */
    CONFINED_SHARED_MEMORY("ArenaConfinedSharedMemory"),
    /** {@code reclamation = true} on a LOCAL arena, whose private memory dies with its only process. */
    RECLAMATION_LOCAL("ArenaReclamationLocal"),
    /** {@code reclamation = true} on a confined arena: one thread's, in private memory, no other process. */
    RECLAMATION_CONFINED("ArenaReclamationConfined"),
    /** {@code name} of an arena with reclamation leaves no room for its companion {@code <name>.owners}. */
    RECLAMATION_NAME_TOO_LONG("ArenaReclamationNameTooLong"),
    /** {@code @Struct} is on a class, interface, enum or annotation instead of a record. */
    STRUCT_NOT_RECORD("ArenaStructNotRecord"),
    /** A {@code @Struct} record has type parameters, or the generated class could not see it. */
    STRUCT_UNSUPPORTED_RECORD("ArenaStructUnsupportedRecord"),
    /** A struct component is a reference type: a class, enum, interface, {@code String}, or a record without {@code @Struct}. */
    STRUCT_COMPONENT_TYPE("ArenaStructComponentType"),
    /** An array component without {@code @Length}, with a length below 1, or {@code @Length} on a non-array. */
    STRUCT_ARRAY_LENGTH("ArenaStructArrayLength"),
    /** A struct contains itself by value, directly or through other structs. */
    STRUCT_CYCLE("ArenaStructCycle"),
    /** A struct's size does not fit in a {@code long}. */
    STRUCT_SIZE_OVERFLOW("ArenaStructSizeOverflow"),
    /** A class in {@code @Arena(holds = ...)} is not a {@code @Struct} record. */
    HELD_NOT_STRUCT("ArenaHeldNotStruct"),
    /** An abstract method named like typed allocation that does not match a held struct. */
    TYPED_ALLOCATION_METHOD("ArenaTypedAllocationMethod"),
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
    /** {@code confined = true} on an arena that a container constructs and closes on threads of its own. */
    CONFINED_CONTAINER("ArenaConfinedComponentModel"),
    /** Two classes in {@code @Arena(holds = ...)} have the same simple name, after which typed allocation is named. */
    HELD_DUPLICATE_NAME("ArenaHeldDuplicateName"),
    /** A held or nested {@code @Struct} record comes from a class file without its generated {@code <Record>Struct}. */
    STRUCT_NOT_GENERATED("ArenaStructNotGenerated"),
    /** Two components of a {@code @Struct} record whose generated constants or accessors would have one name. */
    STRUCT_NAME_CLASH("ArenaStructNameClash"),
    /** A constant or default method of an {@code @Arena} interface that the generated class declares or inherits too. */
    MEMBER_NAME_CLASH("ArenaMemberNameClash"),
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

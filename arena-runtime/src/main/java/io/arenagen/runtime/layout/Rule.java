package io.arenagen.runtime.layout;

/**
 * One configuration rule of an arena. Each has a stable {@link #tag()} that starts every message
 * about it, so that users and tests can match errors without depending on their wording.
 */
public enum Rule implements ErrorTag {
    /** {@code count} must be in {@code 1 .. 4_294_967_295}. */
    COUNT_OUT_OF_RANGE("ArenaCountOutOfRange"),
    /** {@code sizes} must not be empty. */
    SIZES_EMPTY("ArenaSizesEmpty"),
    /** Every size must be a power of two. */
    SIZE_NOT_POWER_OF_TWO("ArenaSizeNotPowerOfTwo"),
    /** Every size must be a multiple of {@link ArenaRules#ALIGNMENT}. */
    SIZE_NOT_ALIGNED("ArenaSizeNotAligned"),
    /** Sizes must be strictly ascending. */
    SIZES_NOT_ASCENDING("ArenaSizesNotAscending"),
    /** The footprint must fit in a {@code long}. */
    FOOTPRINT_OVERFLOW("ArenaFootprintOverflow"),
    /** A struct the arena holds must fit its largest chunk (see {@link StructRules}). */
    STRUCT_TOO_LARGE("ArenaStructTooLarge");

    private final String tag;

    Rule(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}

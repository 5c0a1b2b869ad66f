package io.arenagen.processor;

/**
 * A rule about the type that carries {@code @Arena}, as opposed to the rules about its values
 * (those live in {@code io.arenagen.runtime.layout.ArenaRules}, shared with the run-time arenas).
 * Each has a stable tag that starts every message about it, so that users and tests can match
 * errors without depending on their wording.
 */
enum TargetRule {
    /** The target is a class, enum, record or annotation instead of an interface. */
    NOT_INTERFACE("ArenaNotInterface"),
    /** The target has type parameters; the generated class could not pick arguments for them. */
    GENERIC("ArenaGenericInterface"),
    /** The target does not extend {@code io.arenagen.runtime.SlabAllocator}. */
    MISSING_SLAB_ALLOCATOR("ArenaMissingSlabAllocator"),
    /** The target declares or inherits an abstract method that the generated class cannot implement. */
    EXTRA_ABSTRACT_METHOD("ArenaExtraAbstractMethod"),
    /** The generated class, a top-level class in the same package, could not see the target. */
    INACCESSIBLE("ArenaInaccessibleInterface");

    private final String tag;

    TargetRule(String tag) {
        this.tag = tag;
    }

    /** The stable tag, for example {@code ArenaNotInterface}. */
    String tag() {
        return tag;
    }

    /** {@code message} prefixed with {@code [tag] }. */
    String message(String message) {
        return "[" + tag + "] " + message;
    }
}

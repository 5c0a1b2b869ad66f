package io.arenagen.runtime.inspect;

/**
 * One thing wrong, or worth knowing, about an inspected arena.
 *
 * @param severity {@link Severity#ERROR} when the arena is damaged or unusable, {@link Severity#WARNING}
 *     when it is usable but something needs a look
 * @param kind what was found
 * @param pool the pool concerned, or {@code -1} for the object as a whole
 * @param message what was found and what to do, in a sentence or two
 */
public record Problem(Severity severity, Kind kind, int pool, String message) {

    /** How bad a problem is. */
    public enum Severity { WARNING, ERROR }

    /** What a problem is about. */
    public enum Kind {
        /** A free list that does not end within the pool's count. */
        CYCLE,
        /** A head or link naming a chunk at or beyond the pool's count. */
        INDEX_OUT_OF_RANGE,
        /** A pool left being initialized by a process that no longer exists. */
        BUSY_DEAD_INITIALIZER,
        /** A pool being initialized by a process that exists, or that cannot be probed from here. */
        BUSY,
        /** A pool that nobody has initialized. */
        FRESH_POOL,
        /** A magic word that is none of arenagen's or the C++ arena's. */
        FOREIGN_MAGIC,
        /** An object whose size is not the one its configuration needs. */
        SIZE_MISMATCH,
        /** An object owned by another user than the one inspecting it. */
        OWNER,
        /** An object that users other than its owner may read or write. */
        MODE
    }
}

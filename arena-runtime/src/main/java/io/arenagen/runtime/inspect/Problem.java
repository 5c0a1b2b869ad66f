package io.arenagen.runtime.inspect;

/**
 * One thing wrong, or worth knowing, about an inspected arena or queue.
 *
 * @param severity {@link Severity#ERROR} when the arena is damaged or unusable, {@link Severity#WARNING}
 *     when it is usable but something needs a look
 * @param kind what was found
 * @param pool the pool concerned, or {@code -1} for the object as a whole (always for a queue)
 * @param message what was found and what to do, in a sentence or two
 */
public record Problem(Severity severity, Kind kind, int pool, String message) {

    /** How bad a problem is. */
    public enum Severity { WARNING, ERROR }

    /** What a problem is about. */
    public enum Kind {
        /** A free list that does not end within the pool's count; arenas refuse the object. */
        CYCLE,
        /** A head or link naming a chunk at or beyond the pool's count; arenas refuse the object. */
        INDEX_OUT_OF_RANGE,
        /**
         * A pool left being initialized by a process that no longer exists: the next arenagen process takes
         * it over (a C++ process does not).
         */
        BUSY_DEAD_INITIALIZER,
        /** A pool being initialized by a process that exists, or that cannot be probed from here. */
        BUSY,
        /** A pool that nobody has initialized; the next arenagen process initializes it. */
        FRESH_POOL,
        /**
         * A pool not ready behind a pool 0 made by the C++ library: its creator is at work or died, or the
         * given configuration is not the object's; arenas wait and then refuse it.
         */
        CPP_POOL_NOT_READY,
        /** A ready pool without a free chunk: all in use, by running processes or leaked by dead ones. */
        EXHAUSTED,
        /** A magic word that is none of arenagen's or the C++ arena's; arenas refuse the object. */
        FOREIGN_MAGIC,
        /** A fresh magic over a header that is not all zero; arenas refuse the object. */
        FOREIGN_HEADER,
        /** A ready pool whose descriptor tag is neither arenagen's nor zero; arenas refuse the object. */
        FOREIGN_DESCRIPTOR,
        /**
         * A layout descriptor of another arenagen version (the old layout with chunks at 128, or an unknown
         * one); arenas refuse the object and never reinterpret it.
         */
        LAYOUT_VERSION,
        /** A pool whose layout descriptor disagrees with the configuration; arenas refuse the object. */
        DESCRIPTOR_MISMATCH,
        /** An object whose size is not the one its configuration needs. */
        SIZE_MISMATCH,
        /** An object owned by another user than the one inspecting it. */
        OWNER,
        /** An object that users other than its owner may read or write. */
        MODE,
        /**
         * A queue's head and tail that no queue holds (tail past head, or head more than the capacity
         * ahead): crafted or overwritten; no slot is read on their account.
         */
        POSITIONS_OUT_OF_RANGE,
        /** A queue not ready yet: fresh, or being initialized (by a process that may have died). */
        QUEUE_NOT_READY,
        /**
         * The slot at a queue's tail was claimed by a producer but never published: consumers stop there
         * until it publishes or, once it is known dead, {@code LongRing.skipStalled(position)} steps over it.
         */
        STALLED_SLOT,
        /**
         * Chunks recorded for a process slot whose process is dead (its lock is gone): a reclaim gives them
         * back ({@code arena-inspect --reclaim}, {@code reclaim()}, or the next attach with reclamation).
         */
        HELD_BY_DEAD,
        /**
         * Chunks a reclaimer marked for its batch that are not free: it was killed before the batch's push
         * (or a process without reclamation holds them now); no reclaim gives them back.
         */
        LOST_MID_RECLAIM,
        /**
         * A reclamation companion that an arena with reclamation refuses: not a companion, another arena's,
         * or made for an earlier object of the same name.
         */
        COMPANION_REFUSED,
        /** Owner entries whose value names no slot (above 256, not in transit or reclaiming): crafted or overwritten. */
        OWNER_ENTRY_OUT_OF_RANGE
    }
}

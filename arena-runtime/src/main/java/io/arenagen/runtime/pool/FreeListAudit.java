package io.arenagen.runtime.pool;

import io.arenagen.runtime.internal.FreeListWalk;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The check of a ready pool's free list at attach: the head names an index below the count or the
 * empty marker, every link does too, and the list ends within {@code count} entries (no cycle). An
 * object made by another program, or by the C++ library with another configuration (it carries no
 * layout descriptor to compare), usually fails it, and refusing it at attach keeps it untouched; a list
 * that passes cannot lead {@link FreeList#pop} outside the pool.
 *
 * <p>It asks {@link FreeListWalk} (bounded, read-only) and trusts only a settled walk, one over which
 * the tagged head did not change: a pool that never holds still while others use it is accepted, and
 * then the bounds check of every {@link FreeList#pop} is the guard. Every successful pop or push bumps
 * the head's generation, so an unchanged head means the chain was intact while it was read (short of
 * exactly a multiple of 2³² operations in between, the limit of the ABA guard itself). Attach reads one
 * link per free chunk: {@code O(count)} per pool.
 */
final class FreeListAudit {

    /** Walks before a pool that keeps changing is accepted unverified. */
    static final int ATTEMPTS = 4;

    private FreeListAudit() {
    }

    /**
     * What is wrong with the free list of one pool, if anything.
     *
     * @param memory the arena's memory
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param count the pool's chunk count
     * @return a description of the first fault found (for example {@code "head index 8, beyond count 8"}),
     *         or empty if the list is sound or never held still long enough to tell
     */
    static Optional<String> fault(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift,
            long count) {
        return faultyWalk(memory, headOffset, chunksOffset, chunkShift, count).map(FreeListWalk::description);
    }

    /** Like {@link #fault}, the settled walk that found the fault, which also says what kind it is. */
    static Optional<FreeListWalk> faultyWalk(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift,
            long count) {
        FreeListWalk walk = FreeListWalk.walk(memory, headOffset, chunksOffset, chunkShift, count, ATTEMPTS);
        return walk.settled() && !walk.sound() ? Optional.of(walk) : Optional.empty();
    }
}

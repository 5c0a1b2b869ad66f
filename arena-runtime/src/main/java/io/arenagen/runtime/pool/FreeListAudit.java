package io.arenagen.runtime.pool;

import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The bounded walk of a ready pool's free list at attach: the head names an index below the count
 * or the empty marker, every link does too, and the list ends within {@code count} entries (no
 * cycle). An object made by another program, or by the C++ library with another configuration (it
 * carries no layout descriptor to compare), usually fails this walk, and refusing it at attach keeps
 * it untouched; a list that passes cannot lead {@link FreeList#pop} outside the pool.
 *
 * <p>Other processes may pop and push while we walk, and a chunk popped mid-walk is the popper's to
 * overwrite with user data, so a link read during the walk may be garbage without the list being
 * corrupt. The walk therefore counts only if the tagged head is unchanged after it: every successful
 * pop or push increments the head's generation, so an unchanged head means none succeeded (short of
 * exactly a multiple of 2³² of them in between, the limit of the ABA guard itself) and the
 * chain from that head was intact while we read it (a free chunk's link is written only by the
 * process that owns it, before the release CAS that puts it on the list). Otherwise the walk is
 * repeated a few times; a pool that never holds still is accepted, and then the bounds check of
 * every {@link FreeList#pop} is the guard. The head word alone needs no such care: it is read
 * atomically, so an out-of-range head is refused at once.
 *
 * <p>The walk reads one link per free chunk: attach costs {@code O(count)} per pool.
 *
 * <p>Memory ordering: head loads acquire (the links of the chunks it names are read after the pushes
 * that wrote them); link loads plain; an acquire fence between the last link load and the second
 * head load keeps the links from being read after it.
 */
final class FreeListAudit {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final VarHandle INT = LittleEndian.INT;

    private static final long INDEX_MASK = 0xFFFF_FFFFL;

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
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long head = (long) LONG.getAcquire(memory, headOffset);
            long first = head & INDEX_MASK;
            if (first != INDEX_MASK && first >= count) {
                return Optional.of("head index " + first + ", beyond count " + count);
            }
            String fault = walk(memory, first, chunksOffset, chunkShift, count);
            VarHandle.acquireFence(); // the plain link loads above complete before the head is read again
            if ((long) LONG.getAcquire(memory, headOffset) == head) {
                return Optional.ofNullable(fault);
            }
            Thread.onSpinWait();
        }
        return Optional.empty();
    }

    /** Follows the links from {@code first}; reads nothing at an index it has not checked. */
    private static String walk(MemorySegment memory, long first, long chunksOffset, int chunkShift, long count) {
        long index = first;
        long entries = 0;
        while (index != INDEX_MASK) {
            if (++entries > count) {
                return "a free list that does not end: more than " + count + " entries from head index " + first
                        + " (a cycle)";
            }
            long next = (int) INT.get(memory, chunksOffset + (index << chunkShift)) & INDEX_MASK;
            if (next != INDEX_MASK && next >= count) {
                return "free chunk " + index + " linking to index " + next + ", beyond count " + count;
            }
            index = next;
        }
        return null;
    }
}

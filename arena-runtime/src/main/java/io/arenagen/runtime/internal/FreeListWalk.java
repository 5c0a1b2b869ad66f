package io.arenagen.runtime.internal;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One bounded, read-only walk of a pool's free list, the only one in the runtime: the attach check
 * ({@code PoolInitializer}), statistics ({@code PoolReader}) and {@code inspect} all ask it. It never
 * reads at an index it has not checked against the count, and stops after {@code count} links, so a
 * crafted or corrupted list (an index out of range, a cycle) ends the walk in bounded time.
 *
 * <p>Other threads and processes may pop and push while it walks, and a popped chunk's link may be
 * overwritten by its new holder. A walk is therefore <em>settled</em> only if the pool's head word, with
 * its generation, is unchanged after it: no pop or push succeeded in between, so the chain it followed
 * was the list at that instant and its count and fault are facts. Otherwise it walks again, up to
 * {@code attempts} times, and then returns its last walk unsettled: a best effort whose fault, if any,
 * proves nothing. An out-of-range head is settled at once: it was read by one atomic load.
 *
 * <p>Memory ordering: the head is loaded with acquire (the links it leads to were written before the
 * push that published them); the links are plain loads; an acquire fence orders them before the second
 * acquire load of the head that decides whether the walk settled.
 *
 * @param head the tagged head word the walk started from
 * @param free the chunks walked: the whole list when sound, the chunks up to the fault otherwise
 * @param fault what is wrong with the list, or null when it is sound
 * @param description the fault in words ({@code "head index 8, beyond count 8"}), or null
 * @param settled whether the head was the same after the walk (see above)
 */
public record FreeListWalk(long head, long free, Fault fault, String description, boolean settled) {

    /** What can be wrong with a free list. */
    public enum Fault {
        /** The head or a link names an index at or beyond the pool's count. */
        INDEX_OUT_OF_RANGE,
        /** The list does not end within {@code count} links. */
        CYCLE
    }

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final VarHandle INT = LittleEndian.INT;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;

    /**
     * Walks the free list of the pool whose head word is at {@code headOffset}.
     *
     * @param memory the arena's memory; only read, so a read-only segment will do
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param count the pool's chunk count
     * @param attempts walks before an unsettled one is returned (at least 1)
     * @return the first settled walk, or the last one, unsettled
     */
    public static FreeListWalk walk(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift,
            long count, int attempts) {
        FreeListWalk last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            long head = (long) LONG.getAcquire(memory, headOffset);
            long first = head & INDEX_MASK;
            if (first != INDEX_MASK && first >= count) {
                return new FreeListWalk(head, 0, Fault.INDEX_OUT_OF_RANGE, "head index " + first + ", beyond count "
                        + count, true);
            }
            last = once(memory, head, chunksOffset, chunkShift, count);
            VarHandle.acquireFence(); // the plain link loads complete before the head is read again
            if ((long) LONG.getAcquire(memory, headOffset) == head) {
                return last;
            }
            Thread.onSpinWait();
        }
        return new FreeListWalk(last.head, last.free, last.fault, last.description, false);
    }

    /** Whether the list has no fault (settled or not). */
    public boolean sound() {
        return fault == null;
    }

    /** Follows the links from the head's index, checked before each read. */
    private static FreeListWalk once(MemorySegment memory, long head, long chunksOffset, int chunkShift, long count) {
        long first = head & INDEX_MASK;
        long index = first;
        long free = 0;
        while (index != INDEX_MASK) {
            if (free == count) {
                return new FreeListWalk(head, free, Fault.CYCLE, "a free list that does not end: more than " + count
                        + " entries from head index " + first + " (a cycle)", true);
            }
            free++;
            long next = (int) INT.get(memory, chunksOffset + (index << chunkShift)) & INDEX_MASK;
            if (next != INDEX_MASK && next >= count) {
                return new FreeListWalk(head, free, Fault.INDEX_OUT_OF_RANGE, "free chunk " + index
                        + " linking to index " + next + ", beyond count " + count, true);
            }
            index = next;
        }
        return new FreeListWalk(head, free, null, null, true);
    }
}

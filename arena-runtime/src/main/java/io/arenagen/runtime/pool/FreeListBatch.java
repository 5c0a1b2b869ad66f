package io.arenagen.runtime.pool;

import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Batch pop and push on one pool's free list, the same Treiber stack and tagged head as
 * {@link FreeList}: what a thread cache refills and drains with, one CAS per batch. To every other
 * thread and process, a C++ peer included, a batch is one pop or one push of several chunks: the head
 * moves from {@code (index, gen)} to {@code (index_k, gen + 1)}, so the pool's operation count (the
 * generation) grows by one per batch, not per chunk. The list is never swapped out whole: a batch
 * takes at most the chunks asked for, and the rest stay where every peer can pop them.
 *
 * <p>A batch pop of {@code k} chunks is {@code k} pops fused: it walks at most {@code k} links from the
 * head, each index bounds-checked against the count before its chunk is read, and CASes the head past
 * them. The walk stops early at the empty marker or at an index beyond the count; that index becomes
 * the new head, exactly as {@link FreeList#pop} installs a garbage link it read, and the next pop or
 * batch pop (in any thread or process) meets it at the head and throws {@link CorruptFreeListException}.
 * A garbage head is refused before anything is read. A stale walk (another thread popped and reused a
 * chunk meanwhile) is harmless: the head's generation moved, the CAS fails and the walk starts again.
 *
 * <p>Memory ordering, per access:
 * <ul>
 *   <li>head load in pop: acquire, as in {@link FreeList#pop}; it synchronizes with the release CAS that
 *       installed the head, and through the head's release sequence (every push and pop is a CAS on it)
 *       with every earlier push, so the links the walk reads are those their pushes wrote;</li>
 *   <li>link loads in pop: plain; a stale value only matters if the CAS succeeds, and it succeeds only
 *       if no operation changed the head since its load, in which case no chunk of the walk left the list;</li>
 *   <li>head CAS in pop: acquire (the chunks' contents are read after it);</li>
 *   <li>head load in push: opaque, as in {@link FreeList#push} (a stale value fails the first CAS);</li>
 *   <li>link stores in push: plain, the chunks being private to the caller until the CAS publishes them;</li>
 *   <li>head CAS in push: release, so the caller's writes to every chunk of the batch and every link
 *       happen before any of them is reachable.</li>
 * </ul>
 */
public final class FreeListBatch {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final VarHandle INT = LittleEndian.INT;

    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final long GENERATION_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long ONE_GENERATION = 1L << 32;

    private FreeListBatch() {
    }

    /**
     * Takes up to {@code max} chunks from the front of a pool's free list with one CAS, and stores their
     * offsets in {@code into[at .. at + n)}, the head's chunk last, so that a stack popping from the top
     * hands them out in list order.
     *
     * @param memory the arena's memory
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param count the pool's chunk count: every index on the list must be below it
     * @param into where the offsets go
     * @param at the first slot of {@code into} to fill
     * @param max the most chunks to take, at least 1
     * @return {@code n}, the number of chunks taken: 0 if the pool is empty
     * @throws CorruptFreeListException if the head names an index at or beyond {@code count} other than
     *         the empty marker
     */
    public static int popBatch(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift, long count,
                               long[] into, int at, int max) {
        try {
            long head = (long) LONG.getAcquire(memory, headOffset);
            while (true) {
                long index = head & INDEX_MASK;
                if (index >= count) {
                    if (index == INDEX_MASK) {
                        return 0;
                    }
                    throw new CorruptFreeListException(headOffset, index, count);
                }
                int taken = 0;
                long next = index;
                while (taken < max && next < count) { // at most max links, each bounds-checked before its read
                    long chunk = chunksOffset + (next << chunkShift);
                    into[at + max - 1 - taken] = chunk; // compacted below once the CAS says how many
                    taken++;
                    next = (int) INT.get(memory, chunk) & INDEX_MASK;
                }
                long replacement = ((head + ONE_GENERATION) & GENERATION_MASK) | next;
                long witness = (long) LONG.compareAndExchangeAcquire(memory, headOffset, head, replacement);
                if (witness == head) {
                    if (taken < max) {
                        System.arraycopy(into, at + max - taken, into, at, taken);
                    }
                    return taken;
                }
                head = witness;
            }
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
    }

    /**
     * Returns {@code n} chunks of one pool to the front of its free list with one release CAS: links
     * {@code from[at]} to {@code from[at + 1]} and so on privately, the last to the current head, then
     * installs {@code from[at]} as the head. An offset inside a chunk stands for that chunk.
     *
     * @param memory the arena's memory
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param from the chunks' offsets, every one inside this pool's chunks (the caller checked)
     * @param at the first of them in {@code from}
     * @param n how many, at least 1
     */
    public static void pushBatch(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift,
                                 long[] from, int at, int n) {
        try {
            long first = (from[at] - chunksOffset) >>> chunkShift;
            long previous = chunksOffset + (first << chunkShift);
            for (int i = 1; i < n; i++) {
                long index = (from[at + i] - chunksOffset) >>> chunkShift;
                INT.set(memory, previous, (int) index);
                previous = chunksOffset + (index << chunkShift);
            }
            long head = (long) LONG.getOpaque(memory, headOffset);
            while (true) {
                INT.set(memory, previous, (int) head);
                long replacement = ((head + ONE_GENERATION) & GENERATION_MASK) | first;
                long witness = (long) LONG.compareAndExchangeRelease(memory, headOffset, head, replacement);
                if (witness == head) {
                    return;
                }
                head = witness;
            }
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
    }
}

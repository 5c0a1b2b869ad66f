package io.arenagen.runtime.pool;

import io.arenagen.runtime.internal.FreeListWalk;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.PoolHeader;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Pop and push on one pool's free list: a Treiber stack of 32-bit chunk indices whose head is a
 * tagged word, {@code (generation << 32) | index}. Every successful CAS increments the
 * generation, so a head that was popped and pushed back between a reader's load and its CAS no
 * longer compares equal (the ABA problem). Lock-free: a CAS fails only because another
 * operation succeeded.
 *
 * <p>The methods are static and take the pool's offsets as arguments: generated arenas pass
 * compile-time constants and the JIT folds them into the inlined code. They allocate nothing.
 *
 * <p>The list lives in memory that other processes write, so {@link #pop} trusts no index: one at or
 * beyond the pool's count (a process wrote garbage over the head or a free chunk's link) throws
 * {@link CorruptFreeListException} before anything is read or written there. The check shares the
 * fast path's one branch with the empty check, because the empty marker {@code 0xFFFFFFFF} is itself
 * at or beyond every legal count (at most {@code 0xFFFFFFFF}, so indices are at most
 * {@code 0xFFFFFFFE}). A static method has offsets but not the arena, so it cannot name the object:
 * arenas catch the exception around their pops and rethrow it through
 * {@link AbstractSlabArena#corrupted(CorruptFreeListException)}, which does. A handler costs nothing
 * until it runs. {@link PoolInitializer} walks every list once at attach ({@link FreeListAudit}), so
 * this check guards against what another process writes afterwards. {@link #push} needs no check:
 * its chunk offset was bounds-checked by the arena, and the index it installs is derived from it.
 *
 * <p>Memory ordering, per access:
 * <ul>
 *   <li>head load: acquire, so the link of the chunk it names is read after the push that wrote
 *       it became visible;</li>
 *   <li>link load in pop: plain; the value may be stale (another thread may have popped and reused
 *       the chunk), in which case the head has moved on and the CAS fails;</li>
 *   <li>head load in push: opaque (atomic, no ordering); push reads nothing through it, it only
 *       needs a value for its first CAS attempt, and a stale one just fails that CAS, whose witness is
 *       then the current head;</li>
 *   <li>link store in push: plain, published by the release CAS that follows;</li>
 *   <li>head CAS: acquire in pop (the chunk's contents are read after it), release in push (the
 *       caller's writes to the chunk and the link happen before the chunk is reachable).</li>
 * </ul>
 */
public final class FreeList {

    /** Little-endian 8-byte access, coordinates {@code (MemorySegment, long offset)}. */
    private static final VarHandle LONG = LittleEndian.LONG;
    /** Little-endian 4-byte access, coordinates {@code (MemorySegment, long offset)}. */
    private static final VarHandle INT = LittleEndian.INT;

    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final long GENERATION_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long ONE_GENERATION = 1L << 32;

    private FreeList() {
    }

    /**
     * Takes the first free chunk of a pool.
     *
     * @param memory the arena's memory
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param count the pool's chunk count: every index on the list must be below it
     * @return offset of the chunk in {@code memory}, or {@code -1} if the pool is exhausted
     * @throws CorruptFreeListException if the head names an index at or beyond {@code count} other than
     *         the empty marker; a garbage link is installed as head only by a successful CAS, so the
     *         next pop meets it here
     */
    public static long pop(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift, long count) {
        try {
            long head = (long) LONG.getAcquire(memory, headOffset);
            while (true) {
                long index = head & INDEX_MASK;
                if (index >= count) { // one branch on the fast path: EMPTY_INDEX is >= every count
                    if (index == INDEX_MASK) {
                        return -1L;
                    }
                    throw new CorruptFreeListException(headOffset, index, count);
                }
                long chunk = chunksOffset + (index << chunkShift);
                long next = (int) INT.get(memory, chunk) & INDEX_MASK;
                long replacement = ((head + ONE_GENERATION) & GENERATION_MASK) | next;
                long witness = (long) LONG.compareAndExchangeAcquire(memory, headOffset, head, replacement);
                if (witness == head) {
                    return chunk;
                }
                head = witness;
            }
        } catch (IllegalStateException closed) {
            throw arenaClosed(closed);
        }
    }

    /**
     * Returns a chunk to the front of its pool's free list.
     *
     * @param memory the arena's memory
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param chunk offset of the chunk in {@code memory}; an offset inside a chunk stands for that chunk
     */
    public static void push(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift, long chunk) {
        long index = (chunk - chunksOffset) >>> chunkShift;
        long start = chunksOffset + (index << chunkShift);
        try {
            long head = (long) LONG.getOpaque(memory, headOffset);
            while (true) {
                INT.set(memory, start, (int) head);
                long replacement = ((head + ONE_GENERATION) & GENERATION_MASK) | index;
                long witness = (long) LONG.compareAndExchangeRelease(memory, headOffset, head, replacement);
                if (witness == head) {
                    return;
                }
                head = witness;
            }
        } catch (IllegalStateException closed) {
            throw arenaClosed(closed);
        }
    }

    /**
     * The memory's scope is closed (the only {@code IllegalStateException} an access to an arena's
     * shared-scope segment can throw). Said in the arena's terms; a handler costs nothing until it runs.
     */
    static IllegalStateException arenaClosed(IllegalStateException cause) {
        return new IllegalStateException("the arena is closed: its memory was unmapped by close(); "
                + "create a new arena (or attach to the shared object again)", cause);
    }

    /**
     * Number of chunks on a pool's free list, walking it. Only meaningful while no other thread or
     * process uses the pool; for tests, tools and diagnostics.
     *
     * @throws IllegalStateException if the list has a cycle or an index out of range
     */
    public static long countFree(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift, long count) {
        FreeListWalk walk = FreeListWalk.walk(memory, headOffset, chunksOffset, chunkShift, count, 1);
        if (!walk.sound()) {
            throw new IllegalStateException("free list at head offset " + headOffset + ": " + walk.description());
        }
        return walk.free();
    }

    /** Reads the raw tagged head word (acquire). */
    public static long head(MemorySegment memory, long headOffset) {
        return (long) LONG.getAcquire(memory, headOffset);
    }

    /** Index part of a tagged head word; {@link PoolHeader#EMPTY_INDEX} as unsigned when empty. */
    public static long indexOf(long taggedHead) {
        return taggedHead & INDEX_MASK;
    }

    /** Generation part of a tagged head word. */
    public static long generationOf(long taggedHead) {
        return taggedHead >>> 32;
    }
}

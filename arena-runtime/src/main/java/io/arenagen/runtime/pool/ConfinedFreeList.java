package io.arenagen.runtime.pool;

import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Pop and push on one pool's free list for an arena used by one thread only
 * ({@link ThreadAccess#CONFINED}): the same list as {@link FreeList} (32-bit chunk indices, a head
 * word {@code (generation << 32) | index}, the link in a free chunk's first four bytes) with plain
 * loads and stores instead of compare-and-set. Every operation still increments the generation, so
 * the head means the same in both kinds of arena: offsets, checked mode and tools that read the
 * head ({@link FreeList#countFree}, {@link FreeList#head}) see no difference.
 *
 * <p>Memory ordering: none is needed and none is requested. Every access is plain: one thread
 * performs all of them, so program order is the only order there is. The arena's memory is a
 * segment of a confined {@link java.lang.foreign.Arena}, whose own check (on every access) throws
 * {@link WrongThreadException} on any other thread before anything is read or written; no other
 * thread or process can observe a half-done operation.
 *
 * <p>The methods are static and take the pool's offsets as arguments, like {@link FreeList}'s:
 * generated arenas pass compile-time constants. They allocate nothing.
 */
public final class ConfinedFreeList {

    /** Little-endian 8-byte access, coordinates {@code (MemorySegment, long offset)}. */
    private static final VarHandle LONG = LittleEndian.LONG;
    /** Little-endian 4-byte access, coordinates {@code (MemorySegment, long offset)}. */
    private static final VarHandle INT = LittleEndian.INT;

    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final long GENERATION_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long ONE_GENERATION = 1L << 32;

    private ConfinedFreeList() {
    }

    /**
     * Takes the first free chunk of a pool. The empty check doubles as a bounds check: the empty
     * index {@code 0xFFFFFFFF} is at least any {@code count}, so one unsigned comparison covers both,
     * and only an index that is neither (a header overwritten through a stray write into the arena's
     * memory) takes the second branch.
     *
     * <p>Accesses, all plain: load of the head, load of the chunk's link, store of the new head.
     *
     * @param memory the arena's memory
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param count number of chunks in the pool
     * @return offset of the chunk in {@code memory}, or {@code -1} if the pool is exhausted
     * @throws CorruptFreeListException if the head names no chunk of the pool (its header was overwritten);
     *     the arena rethrows it naming itself, as for {@link FreeList#pop}
     * @throws IllegalStateException if the arena is closed
     */
    public static long pop(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift, long count) {
        try {
            long head = (long) LONG.get(memory, headOffset);
            long index = head & INDEX_MASK;
            if (index >= count) {
                if (index == INDEX_MASK) {
                    return -1L;
                }
                throw new CorruptFreeListException(headOffset, index, count);
            }
            long chunk = chunksOffset + (index << chunkShift);
            long next = (int) INT.get(memory, chunk) & INDEX_MASK;
            LONG.set(memory, headOffset, ((head + ONE_GENERATION) & GENERATION_MASK) | next);
            return chunk;
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
    }

    /**
     * Returns a chunk to the front of its pool's free list.
     *
     * <p>Accesses, all plain: load of the head, store of the chunk's link, store of the new head.
     *
     * @param memory the arena's memory
     * @param headOffset offset of the pool's head word
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param chunk offset of the chunk in {@code memory}; an offset inside a chunk stands for that chunk
     * @throws IllegalStateException if the arena is closed
     */
    public static void push(MemorySegment memory, long headOffset, long chunksOffset, int chunkShift, long chunk) {
        long index = (chunk - chunksOffset) >>> chunkShift;
        try {
            long head = (long) LONG.get(memory, headOffset);
            INT.set(memory, chunksOffset + (index << chunkShift), (int) head);
            LONG.set(memory, headOffset, ((head + ONE_GENERATION) & GENERATION_MASK) | index);
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
    }
}

package io.arenagen.runtime.pool;

import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Pop and push on one pool's free list for an arena used by one thread only
 * ({@link ThreadAccess#CONFINED}): the same list as {@link FreeList} (32-bit chunk indices, a head
 * word {@code (generation << 32) | index}, the link in a free chunk's first four bytes) with plain
 * loads and stores instead of compare-and-set, and with the head words kept on the Java heap.
 *
 * <p>Where the heads live: a confined arena's memory is private to its owner thread, so nobody else
 * needs the head words in memory while the owner works. The arena keeps them in a {@code long[]}
 * indexed by pool ({@link #loadHeads}, once, after the pools were initialized), and every pop and
 * push reads and writes that array: no head word is re-read from memory on an operation, only the
 * link in the chunk. The arena writes the array back into the head words ({@link #storeHeads})
 * where anything reads them from memory: {@code stats()} (which walks the lists with
 * {@link io.arenagen.runtime.layout.PoolReader}) and {@code close()}. So between those points the
 * head words in memory are stale, and a write over them through {@code memory()} is overwritten by
 * the next write-back rather than followed; a write over a free chunk's link is still caught, as a
 * {@link CorruptFreeListException}, by the pop that would follow it. Every operation still increments
 * the generation, so a written-back head means what it means in a shared arena: tools that read the
 * head ({@link FreeList#countFree}, {@link FreeList#head}) see no difference.
 *
 * <p>Memory ordering: none is needed and none is requested. Every access is plain: one thread
 * performs all of them, so program order is the only order there is. The arena's memory is a
 * segment of a confined {@link java.lang.foreign.Arena}, whose own check (on every access) throws
 * {@link WrongThreadException} on any other thread. Each operation's first access to the memory
 * (the link load of a pop, the link store of a push) comes before its store to the heads array, so
 * another thread's call fails before anything is written; a pop that finds its pool empty writes
 * nothing and leaves the refusal to the arena's slow path, which touches memory first.
 *
 * <p>The methods are static and take the pool's numbers as arguments, like {@link FreeList}'s:
 * generated arenas pass compile-time constants. Pop and push allocate nothing.
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
     * The head word of every pool of {@code layout}, read from {@code memory} with plain loads: the
     * array an arena keeps and passes to {@link #pop} and {@link #push}.
     *
     * @throws IllegalStateException if the memory is closed
     */
    public static long[] loadHeads(MemorySegment memory, ArenaLayout layout) {
        long[] heads = new long[layout.poolCount()];
        for (int pool = 0; pool < heads.length; pool++) {
            heads[pool] = (long) LONG.get(memory, layout.headOffset(pool));
        }
        return heads;
    }

    /**
     * Writes {@code heads} back into the head words of {@code layout}'s pools, with plain stores: after
     * it, the lists in {@code memory} are complete and readable as a shared arena's.
     *
     * @throws IllegalStateException if the memory is closed
     */
    public static void storeHeads(MemorySegment memory, ArenaLayout layout, long[] heads) {
        for (int pool = 0; pool < heads.length; pool++) {
            LONG.set(memory, layout.headOffset(pool), heads[pool]);
        }
    }

    /**
     * Takes the first free chunk of pool {@code pool}. The empty check doubles as a bounds check: the
     * empty index {@code 0xFFFFFFFF} is at least any {@code count}, so one unsigned comparison covers
     * both, and only an index that is neither (a free chunk's link overwritten through a stray write
     * into the arena's memory, and taken into the head by the previous pop) takes the second branch.
     *
     * <p>Accesses, all plain: load of {@code heads[pool]}, load of the chunk's link from memory,
     * store of {@code heads[pool]}.
     *
     * @param heads the arena's head words, indexed by pool
     * @param pool the pool's index
     * @param memory the arena's memory
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param count number of chunks in the pool
     * @return offset of the chunk in {@code memory}, or {@code -1} if the pool is exhausted
     * @throws CorruptFreeListException if the head names no chunk of the pool; the arena rethrows it
     *     naming itself, as for {@link FreeList#pop}
     * @throws IllegalStateException if the arena is closed (a pool found empty reads no memory and
     *     returns {@code -1}: the arena's slow path reports the closed arena)
     */
    public static long pop(long[] heads, int pool, MemorySegment memory, long chunksOffset, int chunkShift,
            long count) {
        long head = heads[pool];
        long index = head & INDEX_MASK;
        if (index >= count) {
            if (index == INDEX_MASK) {
                return -1L;
            }
            throw new CorruptFreeListException(pool, index, count);
        }
        long chunk = chunksOffset + (index << chunkShift);
        long next;
        try {
            next = (int) INT.get(memory, chunk) & INDEX_MASK;
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
        heads[pool] = ((head + ONE_GENERATION) & GENERATION_MASK) | next;
        return chunk;
    }

    /**
     * Returns a chunk to the front of pool {@code pool}'s free list.
     *
     * <p>Accesses, all plain: load of {@code heads[pool]}, store of the chunk's link into memory,
     * store of {@code heads[pool]}.
     *
     * @param heads the arena's head words, indexed by pool
     * @param pool the pool's index
     * @param memory the arena's memory
     * @param chunksOffset offset of the pool's first chunk
     * @param chunkShift {@code log2} of the chunk size
     * @param chunk offset of the chunk in {@code memory}; an offset inside a chunk stands for that chunk
     * @throws IllegalStateException if the arena is closed
     */
    public static void push(long[] heads, int pool, MemorySegment memory, long chunksOffset, int chunkShift,
            long chunk) {
        long index = (chunk - chunksOffset) >>> chunkShift;
        long head = heads[pool];
        try {
            INT.set(memory, chunksOffset + (index << chunkShift), (int) head);
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
        heads[pool] = ((head + ONE_GENERATION) & GENERATION_MASK) | index;
    }
}

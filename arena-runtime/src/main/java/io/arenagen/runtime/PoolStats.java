package io.arenagen.runtime;

/**
 * One pool's numbers at one moment, as {@link SlabAllocator#stats()} and
 * {@link io.arenagen.runtime.layout.PoolReader#read} report them.
 *
 * <p>A pool whose free list is corrupt (after a double free in unchecked mode, say, or a stray write
 * over a free chunk's link) is reported, not refused: {@link #corruption()} says what is wrong, and
 * {@code free} and {@code inUse} are {@value #UNKNOWN}, since no walk can count such a list. Monitoring
 * keeps working and can alert on {@link #corrupt()}; the arena itself goes on handing out what the
 * list holds (so it may hand a chunk out twice), which is why a corrupt pool needs a restart.
 *
 * @param pool the pool's index, 0 for the smallest chunk size
 * @param chunkSize bytes per chunk
 * @param capacity chunks in the pool (the arena's count)
 * @param free chunks on the pool's free list; exact at one instant while the pool held still long enough
 *     to be walked, otherwise a best effort (see {@link io.arenagen.runtime.layout.PoolReader});
 *     {@value #UNKNOWN} if the pool is {@linkplain #corrupt() corrupt}
 * @param inUse {@code capacity - free}: chunks handed out by any process attached to the arena;
 *     {@value #UNKNOWN} if the pool is corrupt
 * @param operations successful pops plus pushes since the pool was initialized, modulo 2<sup>32</sup>:
 *     the 32-bit generation of the pool's head, which every successful pop and push increments (C++
 *     processes included); it wraps to 0 after 4 294 967 295
 * @param exhaustions how many times a request found the pool empty, counted by arenagen processes
 *     only (C++ processes do not count)
 * @param parked chunks of this pool parked in this process's {@link ThreadCache}s: free to their threads,
 *     but off the free list, so counted in {@code inUse}; always 0 when read from outside the process
 * @param corruption what is wrong with the pool, for example {@code "a free list that does not end: more
 *     than 4 entries from head index 1 (a cycle)"}; {@code null} for a sound pool
 */
public record PoolStats(int pool, long chunkSize, long capacity, long free, long inUse, long operations,
        long exhaustions, long parked, String corruption) {

    /** The value of a number that could not be read, such as {@code free} of a corrupt pool. */
    public static final long UNKNOWN = -1L;

    /** A sound pool's numbers, with no chunk parked in a thread cache of this process. */
    public PoolStats(int pool, long chunkSize, long capacity, long free, long inUse, long operations,
            long exhaustions) {
        this(pool, chunkSize, capacity, free, inUse, operations, exhaustions, 0, null);
    }

    /** A sound pool's numbers, with {@code parked} chunks in this process's thread caches. */
    public PoolStats(int pool, long chunkSize, long capacity, long free, long inUse, long operations,
            long exhaustions, long parked) {
        this(pool, chunkSize, capacity, free, inUse, operations, exhaustions, parked, null);
    }

    /** A pool's numbers, with no chunk parked; {@code corruption} {@code null} for a sound pool. */
    public PoolStats(int pool, long chunkSize, long capacity, long free, long inUse, long operations,
            long exhaustions, String corruption) {
        this(pool, chunkSize, capacity, free, inUse, operations, exhaustions, 0, corruption);
    }

    /** These numbers, with {@code parked} chunks in this process's thread caches. */
    public PoolStats withParked(long parked) {
        return new PoolStats(pool, chunkSize, capacity, free, inUse, operations, exhaustions, parked, corruption);
    }

    /** Whether the pool's free list is corrupt: then {@link #corruption()} says how, and free and in use are unknown. */
    public boolean corrupt() {
        return corruption != null;
    }
}

package io.arenagen.runtime;

/**
 * One pool's numbers at one moment, as {@link SlabAllocator#stats()} and
 * {@link io.arenagen.runtime.layout.PoolReader#read} report them.
 *
 * @param pool the pool's index, 0 for the smallest chunk size
 * @param chunkSize bytes per chunk
 * @param capacity chunks in the pool (the arena's count)
 * @param free chunks on the pool's free list; exact at one instant while the pool held still long enough
 *     to be walked, otherwise a best effort (see {@link io.arenagen.runtime.layout.PoolReader})
 * @param inUse {@code capacity - free}: chunks handed out by any process attached to the arena
 * @param operations successful pops plus pushes since the pool was initialized, modulo 2<sup>32</sup>:
 *     the 32-bit generation of the pool's head, which every successful pop and push increments (C++
 *     processes included); it wraps to 0 after 4 294 967 295
 * @param exhaustions how many times a request found the pool empty, counted by arenagen processes
 *     only (C++ processes do not count)
 * @param parked chunks of this pool parked in this process's {@link ThreadCache}s: free to their threads,
 *     but off the free list, so counted in {@code inUse}; always 0 when read from outside the process
 */
public record PoolStats(int pool, long chunkSize, long capacity, long free, long inUse, long operations,
        long exhaustions, long parked) {

    /** The numbers of a pool with no chunk parked in a thread cache of this process. */
    public PoolStats(int pool, long chunkSize, long capacity, long free, long inUse, long operations,
            long exhaustions) {
        this(pool, chunkSize, capacity, free, inUse, operations, exhaustions, 0);
    }

    /** These numbers, with {@code parked} chunks in this process's thread caches. */
    public PoolStats withParked(long parked) {
        return new PoolStats(pool, chunkSize, capacity, free, inUse, operations, exhaustions, parked);
    }
}

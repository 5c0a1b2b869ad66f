package io.arenagen.runtime;

/**
 * A thread's cache in front of a shared arena, made by {@link SlabAllocator#threadCache(int)}: a
 * {@link SlabAllocator} over the arena's memory and offsets, confined to the thread that made it, that
 * keeps up to {@link #chunksPerPool()} free chunks of each pool parked on the Java heap. Most
 * allocations and frees touch only the parked chunks: no atomic, no shared cache line. A pool whose
 * parked chunks run out is refilled with up to half the cap in one batch (one CAS on the pool's head);
 * a pool whose cap is reached drains half of them back in one batch (one release CAS).
 *
 * <p>Chunks are the arena's: a chunk taken from a cache may be freed to the arena, to another thread's
 * cache, or by another process (a C++ peer included), and the other way round. Promotion, exhaustion
 * counts, JFR events and checked mode work as on the arena.
 *
 * <p>Parked chunks are invisible to other threads and processes: they count as in use in
 * {@link SlabAllocator#stats()}, which reports them per pool ({@link PoolStats#parked()}), and an
 * allocation elsewhere may find a pool empty while caches hold its chunks (caches are never drained by
 * other threads, since that would add an atomic to every cache operation; size the arena for
 * {@code threads × chunksPerPool} parked chunks per pool, or close idle caches). {@link #close()} returns
 * every parked chunk to the arena; a cache that becomes unreachable without {@code close()} (its thread
 * ended, say) is drained by a cleaner. In shared memory, a process that dies loses what its caches held,
 * unless the arena has reclamation ({@link ShmOptions#withReclamation()}): parked chunks are recorded as
 * the handle's, and come back with its other chunks when a reclaim finds the process dead.
 *
 * <p>Every method called from another thread throws {@link WrongThreadException} and changes nothing;
 * after {@code close()} every method but {@code close()} throws {@link IllegalStateException}. Closing
 * a cache does not close the arena.
 */
public interface ThreadCache extends SlabAllocator {

    /**
     * The largest {@code chunksPerPool}: each parked chunk costs 8 bytes of heap per pool, and a cap
     * beyond this hides more chunks from the other threads than a refill batch ever needs.
     */
    int MAX_CHUNKS_PER_POOL = 1 << 16;

    /** The most chunks of each pool this cache parks. */
    int chunksPerPool();

    /**
     * How many chunks of pool {@code pool} are parked here now.
     *
     * @throws IndexOutOfBoundsException if {@code pool} is not a pool of the arena
     */
    int parked(int pool);

    /**
     * Returns every parked chunk to the arena (one batch per pool) and retires the cache. The arena
     * stays open; closing again does nothing. If the arena was closed first, its memory is gone and
     * there is nothing to return to.
     *
     * @throws WrongThreadException if called from a thread other than the cache's
     */
    @Override
    void close();
}

package io.arenagen.runtime;

import java.lang.foreign.MemorySegment;

/**
 * A slab arena: one lock-free pool of fixed-size chunks per configured size, in private or shared
 * memory. Generated classes ({@code @Arena}) and {@link SlabArenas} implement it. All methods are
 * thread-safe; with shared memory they are also safe across processes. A confined arena
 * ({@link SlabArenas#confined}) is the exception: it belongs to the thread that created it, and every
 * method called from another thread throws {@link WrongThreadException} and changes nothing.
 *
 * <p>Two ways to use it: the segment API ({@link #allocate}) returns a {@link MemorySegment} of
 * exactly the requested size, bounds-checked; the offset API ({@link #allocateOffset}) returns the
 * chunk's offset in {@link #memory()}, allocates nothing on the Java heap, and is valid in every
 * process attached to the same shared object.
 *
 * <p>After {@link #close()}, every method throws {@link IllegalStateException} (on a confined arena's
 * other threads, {@link WrongThreadException}); closing again does nothing.
 */
public interface SlabAllocator extends AutoCloseable {

    /**
     * A chunk from the smallest pool whose chunk size is at least {@code size}; when that pool is
     * exhausted, from the next larger one, and so on.
     *
     * @return a segment of exactly {@code size} bytes starting at the chunk, or {@code null} if no
     *     pool can serve the request
     * @throws IllegalArgumentException if {@code size} is negative
     */
    MemorySegment allocate(long size);

    /**
     * A chunk from the smallest pool whose chunk size is at least {@code size}, without promotion.
     *
     * @return a segment of exactly {@code size} bytes, or {@code null} if that pool is exhausted or
     *     {@code size} exceeds the largest chunk size
     * @throws IllegalArgumentException if {@code size} is negative
     */
    MemorySegment tryAllocate(long size);

    /**
     * Returns a chunk to its pool, found by address range. {@code null} and segments outside this
     * arena's memory are ignored. A segment that starts inside a chunk frees that chunk.
     */
    void deallocate(MemorySegment chunk);

    /**
     * Like {@link #allocate}, as the chunk's offset in {@link #memory()}.
     *
     * @return the offset, or {@code -1} if no pool can serve the request
     * @throws IllegalArgumentException if {@code size} is negative
     */
    long allocateOffset(long size);

    /**
     * Like {@link #tryAllocate}, as the chunk's offset in {@link #memory()}.
     *
     * @return the offset, or {@code -1}
     * @throws IllegalArgumentException if {@code size} is negative
     */
    long tryAllocateOffset(long size);

    /**
     * Returns the chunk at {@code offset} to its pool. Offsets are valid in every process attached to
     * the same shared object. Offsets outside every pool's chunks are ignored.
     */
    void deallocateOffset(long offset);

    /**
     * A snapshot of every pool: chunk size, capacity, free chunks, chunks in use, operations and
     * exhaustions (see {@link PoolStats}). Reads the pools' headers and walks their free lists (one read
     * per free chunk); writes nothing, so it adds no work to allocation. While other threads or
     * processes allocate, each pool's free count is exact at one instant if the pool held still for its
     * walk, otherwise a best effort ({@link io.arenagen.runtime.layout.PoolReader} says how). A pool whose
     * free list is corrupt (a double free in unchecked mode leaves a cycle) is reported with
     * {@link PoolStats#corrupt()} and unknown free and in-use counts, not thrown.
     *
     * @throws IllegalStateException if the arena is closed
     */
    ArenaStats stats();

    /**
     * A cache for the calling thread in front of this shared arena: see {@link ThreadCache}. Use it
     * from that thread only, and close it when the thread is done (try-with-resources per task, or a
     * {@link ThreadLocal} closed at thread end).
     *
     * @param chunksPerPool the most chunks of each pool the cache parks, from 1 to
     *     {@link ThreadCache#MAX_CHUNKS_PER_POOL} and at most the arena's count
     * @throws IllegalArgumentException if {@code chunksPerPool} is out of range
     * @throws UnsupportedOperationException if this arena is confined (it needs no cache: it has no
     *     atomics) or is itself a thread cache
     * @throws IllegalStateException if the arena is closed
     */
    default ThreadCache threadCache(int chunksPerPool) {
        throw new UnsupportedOperationException(getClass().getName() + " has no thread caches; make the arena with "
                + "SlabArenas.local or SlabArenas.shared, or with @Arena, and call threadCache on it");
    }

    /**
     * Whether this arena records which handle holds each chunk and gives back dead processes' chunks:
     * a shared arena opened with {@link ShmOptions#withReclamation()} (or {@code @Arena} with reclamation),
     * and its thread caches. {@code false} unless an implementation says otherwise.
     */
    default boolean reclamation() {
        return false;
    }

    /**
     * Says that the chunk at {@code offset} leaves this handle: it is in transit (to another process, or
     * another handle) and is never reclaimed, whoever dies, until a receiver {@link #adopt(long)}s it.
     * Call it before the offset is handed off (before a queue's {@code offer}); a chunk handed off without
     * it is reclaimed when this process dies, while the receiver still uses it. One plain store.
     *
     * <p>On an arena without {@linkplain #reclamation() reclamation} there is nothing to record and this
     * does nothing, so that the same code runs on every arena. Offsets outside every pool's chunks are
     * ignored, as by {@link #deallocateOffset(long)}. Checked mode refuses a chunk this handle does not hold.
     *
     * @throws IllegalStateException if the arena is closed
     */
    default void release(long offset) {
        memory(); // the closed check of every arena
    }

    /**
     * Says that this handle now holds the chunk at {@code offset}, received from another process or
     * handle (after a queue's {@code poll}): from now on it is reclaimed if this process dies. One plain
     * store. On an arena without {@linkplain #reclamation() reclamation} it does nothing; offsets outside
     * every pool's chunks are ignored. Checked mode refuses a chunk this handle holds already.
     *
     * @throws IllegalStateException if the arena is closed
     */
    default void adopt(long offset) {
        memory();
    }

    /**
     * Gives back the chunks of every dead process (and closed handle) recorded in the arena's companion,
     * in batches, and frees their slots; slots of live processes are left alone, and so are chunks in
     * transit and chunks of C++ processes (which record nothing). Attaching reclaims too.
     *
     * @return how many chunks went back to the free lists
     * @throws UnsupportedOperationException if the arena has no {@linkplain #reclamation() reclamation}
     * @throws IllegalStateException if the arena is closed
     */
    default long reclaim() {
        throw new UnsupportedOperationException(this + " records no chunk owners, so it has nothing to reclaim: "
                + "open the shared arena with ShmOptions.defaults().withReclamation() (or @Arena with reclamation)");
    }

    /**
     * Whether only the thread that created this arena may use it ({@link SlabArenas#confined},
     * {@code @Arena(confined = true)}); such an arena cannot be read by a metrics registry or a JMX client,
     * which read on threads of their own. {@code false} unless an implementation says otherwise.
     */
    default boolean confined() {
        return false;
    }

    /** The whole mapped region: {@link #totalSize()} rounded up to the page size. */
    MemorySegment memory();

    /** The footprint {@code Σ (128 + count × size)}, before rounding to pages. */
    long totalSize();

    /**
     * Locks the arena's memory in RAM.
     *
     * @throws ArenaException with errno and remedy (for example {@code RLIMIT_MEMLOCK}) on failure
     */
    void mlock();

    /**
     * Binds the arena's memory to NUMA node {@code numaNode} ({@code MPOL_BIND}).
     *
     * @throws IllegalArgumentException if {@code numaNode} is negative
     * @throws ArenaException with errno and remedy on failure, for example a node that does not exist
     */
    void mbind(int numaNode);

    /**
     * Unlocks and unmaps the memory (and closes the shared object's descriptor). Shared objects are
     * not removed: see {@link SharedMemory#unlink(String)}.
     */
    @Override
    void close();
}

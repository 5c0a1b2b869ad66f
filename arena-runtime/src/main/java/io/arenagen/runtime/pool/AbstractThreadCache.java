package io.arenagen.runtime.pool;

import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.owner.OwnerTable;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * What every {@link ThreadCache} shares, generated or not: the parked chunks, the owner check, the
 * refill and drain batches ({@link FreeListBatch}), promotion and the slow paths of the arena
 * (exhaustion counts, JFR events, corruption), checked mode, {@code close()} and the cleaner.
 * Subclasses dispatch a request to a pool and call {@link #take}, {@link #tryTake} or {@link #park};
 * generated ones unroll that over constants, {@link LayoutThreadCache} loops over the layout.
 *
 * <p>Every public method of a subclass starts with {@link #checkOwner()}; the fast paths that follow
 * are plain reads and writes of this thread's arrays, no atomic and no access to the arena's memory.
 * {@code close()} clears the owner, so that one check refuses both other threads and use after close.
 */
public abstract class AbstractThreadCache implements ThreadCache {

    /** One daemon thread for the whole JVM, started when the first cache is made. */
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread thread = new Thread(task, "arenagen-thread-cache-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final AbstractSlabArena arena;
    private final MemorySegment memory;
    private final long baseAddress;
    private final long count;
    private final long[] heads;
    private final long[] chunks;
    private final int[] shifts;
    private final long[] slots;
    private final int[] counts;
    private final int cap;
    private final int batch;
    private final ChunkTracker tracker;
    /** The arena's owner stores, {@code null} without reclamation: parked chunks are this handle's. */
    private final OwnerTable owners;
    /** The global chunk number of each pool's chunk 0, for {@link #owners}. */
    private final long[] firstChunks;
    private final ParkedChunks parked;
    private final Cleaner.Cleanable cleanable;
    private final Thread creator;
    /** The creator while open, {@code null} once closed: one comparison refuses both. Plain: only the creator writes it. */
    private Thread owner;

    /**
     * A cache for the calling thread in front of {@code arena}.
     *
     * @param arena a shared arena, open
     * @param chunksPerPool the most chunks parked per pool
     * @param tracker the arena's checked-mode bookkeeping, or {@code null} if unchecked
     * @throws IllegalArgumentException if {@code chunksPerPool} is below 1, above
     *     {@link ThreadCache#MAX_CHUNKS_PER_POOL} or above the arena's count
     */
    @SuppressWarnings("this-escape") // the cleaner keeps only a phantom reference, and never calls the cache
    protected AbstractThreadCache(AbstractSlabArena arena, int chunksPerPool, ChunkTracker tracker) {
        ArenaLayout layout = arena.layout();
        long limit = Math.min(MAX_CHUNKS_PER_POOL, layout.count());
        if (chunksPerPool < 1 || chunksPerPool > limit) {
            throw new IllegalArgumentException("chunksPerPool = " + chunksPerPool + " is out of range: give 1 to " + limit
                    + " (at most " + MAX_CHUNKS_PER_POOL + " and at most the arena's " + layout.count()
                    + " chunks per pool); 16 to 64 is usual");
        }
        this.arena = arena;
        this.memory = arena.memory;
        this.baseAddress = arena.baseAddress;
        this.count = layout.count();
        int pools = layout.poolCount();
        this.heads = new long[pools];
        this.chunks = new long[pools];
        this.shifts = new int[pools];
        this.firstChunks = new long[pools];
        for (int pool = 0; pool < pools; pool++) {
            heads[pool] = layout.headOffset(pool);
            chunks[pool] = layout.chunksOffset(pool);
            shifts[pool] = layout.chunkShift(pool);
            firstChunks[pool] = OwnerTable.firstChunk(pool, layout.count());
        }
        this.owners = arena.owners;
        this.cap = chunksPerPool;
        this.batch = Math.max(1, chunksPerPool / 2);
        this.tracker = tracker;
        this.parked = new ParkedChunks(arena, chunksPerPool);
        this.slots = parked.slots;
        this.counts = parked.counts;
        this.creator = Thread.currentThread();
        this.owner = creator;
        arena.caches.add(parked);
        this.cleanable = CLEANER.register(this, parked);
    }

    /**
     * Throws {@link WrongThreadException} unless the caller made this cache, then
     * {@link IllegalStateException} if it is closed. First in every public method of a subclass.
     */
    protected final void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw refused();
        }
    }

    private RuntimeException refused() {
        Thread caller = Thread.currentThread();
        if (caller != creator) {
            return new WrongThreadException("this thread cache of " + arena + " belongs to thread \"" + creator.getName()
                    + "\" (id " + creator.threadId() + "), which made it; thread \"" + caller.getName() + "\" (id "
                    + caller.threadId() + ") may not use it. Each thread makes its own with arena.threadCache(n), "
                    + "or uses the arena itself");
        }
        return new IllegalStateException("this thread cache of " + arena + " is closed; make a new one with "
                + "arena.threadCache(n), or use the arena itself");
    }

    /**
     * A chunk of {@code pool} for a request of {@code size} bytes: a parked one, else a refill batch,
     * else promotion to the larger pools (parked chunks first, then a refill), as the arena promotes.
     */
    protected final long take(int pool, long size) {
        int n = counts[pool];
        if (n > 0) {
            return handOut(pool, n);
        }
        return refill(pool, size, true);
    }

    /** Like {@link #take} without promotion: an empty pool is counted and the request unserved. */
    protected final long tryTake(int pool, long size) {
        int n = counts[pool];
        if (n > 0) {
            return handOut(pool, n);
        }
        return refill(pool, size, false);
    }

    /**
     * Parks the chunk at {@code offset}, which lies in pool {@code pool} (an offset inside a chunk stands
     * for that chunk, as on the arena; checked mode refuses it). A full pool first drains half its
     * parked chunks, the oldest, to the arena in one batch. With reclamation the parked chunk is recorded
     * as this handle's (one plain store): it may have come from another handle, and a parked chunk must
     * come back with this process, never with the one that allocated it.
     */
    protected final void park(int pool, long offset) {
        if (tracker != null) {
            tracker.released(pool, offset);
        }
        long first = chunks[pool];
        int shift = shifts[pool];
        long index = (offset - first) >>> shift;
        long start = first + (index << shift);
        if (owners != null) {
            owners.hold(firstChunks[pool] + index); // plain: the chunk is private to this thread while parked
        }
        int n = counts[pool];
        int base = pool * cap;
        if (n == cap) {
            parked.push(pool, base, batch);
            n -= batch;
            System.arraycopy(slots, base + batch, slots, base, n);
        }
        slots[base + n] = start;
        counts[pool] = n + 1;
    }

    /** A request that no pool serves: {@code -1}, or {@link IllegalStateException} if the arena is closed. */
    protected final long unserved() {
        return arena.unserved();
    }

    /** An offset outside every pool, ignored as by the arena; the arena's closed check still applies. */
    protected final void ignored() {
        arena.unserved();
    }

    /** The exception for a negative request size, the arena's. */
    protected static IllegalArgumentException negativeSize(long size) {
        return AbstractSlabArena.negativeSize(size);
    }

    private long handOut(int pool, int n) {
        int top = n - 1;
        counts[pool] = top;
        long offset = slots[pool * cap + top];
        return tracker == null ? offset : tracker.allocated(pool, offset);
    }

    /** Slow path: pool {@code pool} has nothing parked. */
    private long refill(int pool, long size, boolean promote) {
        int got = popBatch(pool);
        if (got > 0) {
            return handOut(pool, got);
        }
        if (!promote) {
            return arena.exhausted(pool, size);
        }
        arena.countExhaustion(pool, size);
        for (int to = pool + 1; to < counts.length; to++) {
            int n = counts[to];
            if (n == 0) {
                n = popBatch(to);
            }
            if (n > 0) {
                return arena.promoted(pool, to, size, handOut(to, n));
            }
            arena.countExhaustion(to, size);
        }
        return arena.unserved();
    }

    private int popBatch(int pool) {
        try {
            int at = pool * cap;
            int got = FreeListBatch.popBatch(memory, heads[pool], chunks[pool], shifts[pool], count, slots, at, batch);
            if (owners != null) {
                hold(pool, at, got);
            }
            counts[pool] = got;
            return got;
        } catch (CorruptFreeListException e) {
            throw arena.corrupted(e);
        }
    }

    /**
     * Records {@code n} chunks of {@code pool} just taken by a batch pop as this handle's: plain stores
     * after the batch's acquire CAS. A kill between that CAS and the last store loses the chunks not yet
     * recorded (at most a batch, {@code chunksPerPool / 2}); see {@code docs/reclamation.md}.
     */
    private void hold(int pool, int at, int n) {
        long first = chunks[pool];
        int shift = shifts[pool];
        long base = firstChunks[pool];
        for (int i = at; i < at + n; i++) {
            owners.hold(base + ((slots[i] - first) >>> shift));
        }
    }

    /** As the arena's: the chunk leaves this handle, in transit ({@link io.arenagen.runtime.SlabAllocator#release}). */
    @Override
    public final void release(long offset) {
        checkOwner();
        if (tracker != null) {
            tracker.inTransit(offset);
        }
        arena.record(offset, true);
    }

    /** As the arena's: this handle holds the chunk from now on ({@link io.arenagen.runtime.SlabAllocator#adopt}). */
    @Override
    public final void adopt(long offset) {
        checkOwner();
        if (tracker != null) {
            tracker.adopted(offset);
        }
        arena.record(offset, false);
    }

    /** The arena's. */
    @Override
    public final long reclaim() {
        checkOwner();
        return arena.reclaim();
    }

    /** The arena's. */
    @Override
    public final boolean reclamation() {
        return arena.reclamation();
    }

    @Override
    public final int chunksPerPool() {
        return cap;
    }

    @Override
    public final int parked(int pool) {
        checkOwner();
        return counts[pool];
    }

    @Override
    public final MemorySegment allocate(long size) {
        long offset = allocateOffset(size);
        return offset < 0 ? null : memory.asSlice(offset, size);
    }

    @Override
    public final MemorySegment tryAllocate(long size) {
        long offset = tryAllocateOffset(size);
        return offset < 0 ? null : memory.asSlice(offset, size);
    }

    /** As the arena's: only a segment of the arena's memory is freed, others are ignored. */
    @Override
    public final void deallocate(MemorySegment chunk) {
        checkOwner();
        if (chunk == null || !memory.scope().equals(chunk.scope())) {
            arena.foreignSegment(chunk);
            return;
        }
        deallocateOffset(chunk.address() - baseAddress);
    }

    /** The arena's, parked chunks included ({@link io.arenagen.runtime.PoolStats#parked()}). */
    @Override
    public final ArenaStats stats() {
        checkOwner();
        return arena.stats();
    }

    @Override
    public final MemorySegment memory() {
        checkOwner();
        return arena.memory();
    }

    @Override
    public final long totalSize() {
        checkOwner();
        return arena.totalSize();
    }

    @Override
    public final void mlock() {
        checkOwner();
        arena.mlock();
    }

    @Override
    public final void mbind(int numaNode) {
        checkOwner();
        arena.mbind(numaNode);
    }

    /** A cache belongs to the thread that made it, so metrics registries and JMX clients refuse it. */
    @Override
    public final boolean confined() {
        return true;
    }

    /** A cache has no caches of its own. */
    @Override
    public final ThreadCache threadCache(int chunksPerPool) {
        checkOwner();
        throw new UnsupportedOperationException("this is already a thread cache of " + arena
                + "; call threadCache on the arena");
    }

    @Override
    public final void close() {
        if (Thread.currentThread() != creator) {
            throw refused();
        }
        if (owner == null) {
            return;
        }
        owner = null;
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "thread cache (" + cap + " chunks per pool, thread \"" + creator.getName() + "\"" + (owner == null
                ? ", closed" : "") + ") of " + arena;
    }
}

package io.arenagen.runtime.pool;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.layout.PoolReader;
import io.arenagen.runtime.memory.MappedRegion;
import io.arenagen.runtime.memory.SharedObject;
import io.arenagen.runtime.owner.OwnerTable;
import io.arenagen.runtime.reclaim.Owners;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every arena shares, generated or configured at run time: the mapped memory, pool
 * initialization, {@code memory()}, {@code totalSize()}, {@code mlock}, {@code mbind} and
 * {@code close}. Subclasses implement pool dispatch; generated ones unroll it over constants.
 *
 * <p>After {@link #close()} the memory's scope is gone: every access through {@link #memory} and
 * every segment handed out throws {@link IllegalStateException}, and the paths that do not touch
 * memory call {@link #ensureOpen()}.
 *
 * <p>An arena is {@linkplain ThreadAccess#SHARED shared} unless its subclass passes
 * {@link ThreadAccess#CONFINED} to {@link #AbstractSlabArena(ArenaLayout, ThreadAccess)}. A confined
 * arena belongs to the thread that created it: its memory is a segment of a confined FFM arena, so
 * every access from another thread, through {@link #memory} or a segment handed out, throws FFM's
 * {@link WrongThreadException}; and every method of {@link SlabAllocator} that does not touch memory
 * ({@link #ensureOpen()}: a request no pool serves, a foreign segment or offset, {@code memory()},
 * {@code totalSize()}, {@code mlock}, {@code mbind}, {@code close}) throws a
 * {@link WrongThreadException} naming the owner and the caller. The check comes before the closed
 * check: another thread is refused whether the arena is open or closed, and a refused call changes
 * nothing. {@link #layout()}, {@link #hugePages()} and {@link #toString()} read immutable facts and
 * answer any thread.
 *
 * <p>Observability lives here, off the fast path: {@link #stats()} reads the pools with
 * {@link PoolReader}; the slow paths that subclasses call when a pop finds a pool empty
 * ({@link #countExhaustion}, {@link #exhausted}, {@link #promoted}) count exhaustions in the pool
 * header ({@link PoolHeader#EXHAUSTIONS_OFFSET}) and emit the JFR events {@value ExhaustionEvent#NAME}
 * and {@value PromotionEvent#NAME} when a recording enabled them. A successful pop on the smallest
 * fitting pool calls none of them.
 */
public abstract class AbstractSlabArena implements SlabAllocator {

    /** The arena's mapped memory; offsets returned by the offset API are relative to its start. */
    protected final MemorySegment memory;

    /** Address of {@link #memory}'s first byte, for finding a segment's offset. */
    protected final long baseAddress;

    private final ArenaLayout layout;
    private final MappedRegion region;
    /** The only thread allowed to use a confined arena; {@code null} for a shared one. */
    private final Thread owner;
    /** What this arena is, in {@link ArenaStats} and JFR events: its class and its memory. */
    private final String description;

    private static final VarHandle LONG = LittleEndian.LONG;

    /**
     * The owner stores of this handle when it was opened with {@link ShmOptions#withReclamation()},
     * otherwise {@code null}: subclasses with reclamation call {@link OwnerTable#hold} after each pop and
     * {@link OwnerTable#drop} before each push (see {@link OwnerTable} for how generated code does it).
     */
    protected final OwnerTable owners;

    /** The companion and this handle's slot in it; {@code null} without reclamation. */
    private final Owners ownership;

    /** The parked chunks of this process's live thread caches, for {@link #stats()}; caches add and remove theirs. */
    final Set<ParkedChunks> caches = ConcurrentHashMap.newKeySet();

    /**
     * A shared arena in private memory of this process.
     *
     * @param layout the arena's layout
     * @throws ArenaException if the memory cannot be mapped
     */
    protected AbstractSlabArena(ArenaLayout layout) {
        this(layout, ThreadAccess.SHARED);
    }

    /**
     * An arena in private memory of this process, shared or confined to the calling thread. A
     * confined subclass must do its pool operations with {@link ConfinedFreeList}; generated code
     * reads {@code super(LAYOUT, ThreadAccess.CONFINED)}.
     *
     * @param layout the arena's layout
     * @param access {@link ThreadAccess#CONFINED} to make the calling thread the arena's only user
     * @throws ArenaException if the memory cannot be mapped
     */
    protected AbstractSlabArena(ArenaLayout layout, ThreadAccess access) {
        this(layout, switch (Objects.requireNonNull(access, "access")) {
            case SHARED -> MappedRegion.local(layout.mappedSize(Libc.pageSize()));
            case CONFINED -> MappedRegion.localConfined(layout.mappedSize(Libc.pageSize()));
        }, 0L, access == ThreadAccess.CONFINED ? Thread.currentThread() : null, null, null);
    }

    /**
     * An arena in the shared-memory object {@code name}, created if it does not exist, attached to
     * if it does (then its size and layout descriptor must match {@code layout}).
     *
     * @param layout the arena's layout
     * @param name the object's name, for example {@code "/feed"}
     * @param options permissions of a created object and the bound on waiting for other processes
     * @throws IllegalArgumentException if {@code name} is not a valid shared-memory name
     * With {@link ShmOptions#withReclamation()}, the arena's companion {@code <name>.owners} is opened or
     * created too, this handle takes a slot in it, and every dead slot found is reclaimed
     * ({@link Owners#attach}); {@link #owners} is then set.
     *
     * @throws ArenaException if the object cannot be opened, mapped or used with this layout, or (unless
     *     {@link ShmOptions#withSharingAcrossUsers()}) another user owns it or its permissions are wider
     *     than {@link ShmOptions#permissions()}; with reclamation, also if the companion cannot be opened
     *     or is refused
     */
    protected AbstractSlabArena(ArenaLayout layout, String name, ShmOptions options) {
        this(layout, openShared(layout, name, options), options.initTimeout().toNanos(), null, name, options);
    }

    /**
     * Attaches to {@code name}, or creates it with every pool initialized before the name appears: a
     * process that attaches (the C++ library, which checks only the size and never waits, included)
     * finds a complete arena.
     */
    private static MappedRegion openShared(ArenaLayout layout, String name, ShmOptions options) {
        Objects.requireNonNull(options, "options is null; pass ShmOptions.defaults() or options made from it, "
                + "for example ShmOptions.defaults().withPermissions(0660)");
        if (options.reclamation()) {
            Owners.requireNameFits(name); // before anything is created
        }
        long timeout = options.initTimeout().toNanos();
        return SharedObject.open(name, layout.mappedSize(Libc.pageSize()), options.permissions(), timeout,
                layout.describe(), options.sharingAcrossUsers(), fresh -> new PoolInitializer(fresh, layout,
                        "new shared object " + name, timeout).initializeAll());
    }

    /**
     * Takes ownership of {@code region} and brings every pool to the ready state (a shared object this
     * process created is complete already); on failure the region is closed (unmapped) before the
     * exception propagates. {@code owner} is the creating
     * thread for a confined region, {@code null} for a shared one. {@code name} and {@code options} are a
     * shared object's (else {@code null}); with reclamation, the companion is attached after the pools.
     */
    private AbstractSlabArena(ArenaLayout layout, MappedRegion region, long initTimeoutNanos, Thread owner,
                              String name, ShmOptions options) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.region = Objects.requireNonNull(region, "region");
        this.owner = owner;
        this.memory = region.segment();
        this.baseAddress = memory.address();
        this.description = getClass().getSimpleName() + " over " + region.description();
        try {
            if (!(region.isShared() && region.created())) {
                new PoolInitializer(memory, layout, region.description(), initTimeoutNanos).initializeAll();
            }
            this.ownership = options != null && options.reclamation() ? Owners.attach(name, layout, region,
                    options.permissions(), initTimeoutNanos, options.sharingAcrossUsers()) : null;
        } catch (RuntimeException | Error e) {
            region.close();
            throw e;
        }
        this.owners = ownership == null ? null : ownership.table();
    }

    /** The layout this arena was built with. */
    public final ArenaLayout layout() {
        return layout;
    }

    /** Whether the arena is {@linkplain ThreadAccess#CONFINED confined} to the thread that created it. */
    @Override
    public final boolean confined() {
        return owner != null;
    }

    @Override
    public final MemorySegment memory() {
        ensureOpen();
        return memory;
    }

    @Override
    public final long totalSize() {
        ensureOpen();
        return layout.totalSize();
    }

    @Override
    public final void mlock() {
        ensureOwner();
        region.mlock();
    }

    @Override
    public final void mbind(int numaNode) {
        ensureOwner();
        region.mbind(numaNode);
    }

    /**
     * Unmaps the memory. A confined arena closes only from its owner: from another thread this throws
     * {@link WrongThreadException} and the arena stays open and usable by the owner.
     */
    @Override
    public final void close() {
        ensureOwner();
        region.close();
        if (ownership != null) {
            ownership.close(); // after the arena's memory: no pop or push of this handle can follow
        }
    }

    /** Whether this handle records chunk owners ({@link ShmOptions#withReclamation()}). */
    @Override
    public final boolean reclamation() {
        return owners != null;
    }

    /**
     * Marks the chunk at {@code offset} in transit ({@link OwnerTable#release}); nothing without
     * reclamation. Offsets outside every pool are ignored.
     */
    @Override
    public final void release(long offset) {
        ChunkTracker checked = tracker();
        if (checked != null) {
            ensureOpen(); // refused before the bookkeeping changes
            checked.inTransit(offset);
        }
        record(offset, true);
    }

    /**
     * Records the chunk at {@code offset} as this handle's ({@link OwnerTable#adopt}); nothing without
     * reclamation. Offsets outside every pool are ignored.
     */
    @Override
    public final void adopt(long offset) {
        ChunkTracker checked = tracker();
        if (checked != null) {
            ensureOpen();
            checked.adopted(offset);
        }
        record(offset, false);
    }

    /**
     * Checked mode's bookkeeping, which {@link #release} and {@link #adopt} consult first: a generated
     * checked arena returns its {@link ChunkTracker}; {@code null} (the default) for an unchecked one.
     */
    protected ChunkTracker tracker() {
        return null;
    }

    /**
     * {@link #release} ({@code inTransit}) or {@link #adopt} without checked mode's bookkeeping (a thread
     * cache did its own): one plain store into the chunk's owner entry.
     */
    final void record(long offset, boolean inTransit) {
        int pool = layout.poolOf(offset);
        if (owners == null || pool < 0) {
            ensureOpen();
            return;
        }
        long chunk = chunkNumber(pool, offset);
        try {
            if (inTransit) {
                owners.release(chunk);
            } else {
                owners.adopt(chunk);
            }
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
    }

    /** Reclaims every dead slot's chunks ({@link Owners#reclaim}). */
    @Override
    public final long reclaim() {
        ensureOpen();
        if (ownership == null) {
            return SlabAllocator.super.reclaim();
        }
        try {
            return ownership.reclaim();
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
    }

    /**
     * The global chunk number of the chunk at {@code offset} in pool {@code pool} (an offset inside a chunk
     * stands for that chunk): the index of its owner entry.
     */
    protected final long chunkNumber(int pool, long offset) {
        return OwnerTable.firstChunk(pool, layout.count())
                + ((offset - layout.chunksOffset(pool)) >>> layout.chunkShift(pool));
    }

    /** Whether the mapping is backed by huge pages. */
    public final boolean hugePages() {
        return region.hugePages();
    }

    /**
     * Throws {@link WrongThreadException} if the arena is confined and the caller is not its owner,
     * then {@link IllegalStateException} if the arena is closed. Called on the paths that do not touch
     * memory (a request no pool can serve, a foreign segment); the others fail in the memory access
     * itself, with FFM's exception of the same class.
     */
    protected final void ensureOpen() {
        ensureOwner();
        if (region.isClosed()) {
            throw new IllegalStateException(getClass().getSimpleName() + " over " + region.description()
                    + " is closed; create a new arena");
        }
    }

    /**
     * Throws {@link WrongThreadException} if the arena is confined and the caller is not its owner.
     * Only cold paths call it, and checked mode before it changes its bookkeeping: a confined arena's
     * pool operations rely on FFM's check instead.
     */
    protected final void ensureOwner() {
        if (owner != null && Thread.currentThread() != owner) {
            throw wrongThread(null);
        }
    }

    /**
     * The exception for a thread other than a confined arena's owner, naming both threads.
     * Confined subclasses rethrow FFM's {@link WrongThreadException} from a pool operation through it
     * ({@code cause}), so that every refusal reads the same.
     */
    protected final WrongThreadException wrongThread(Throwable cause) {
        Thread caller = Thread.currentThread();
        return new WrongThreadException(getClass().getSimpleName() + " over " + region.description()
                + " is confined to thread " + describe(owner) + ", which created it; thread " + describe(caller)
                + " may not use it. Give each thread its own confined arena, or share one arena made with "
                + "SlabArenas.local (or @Arena without confined) between threads", cause);
    }

    private static String describe(Thread thread) {
        return thread == null ? "(none)" : "\"" + thread.getName() + "\" (id " + thread.threadId() + ")";
    }

    /**
     * A snapshot of every pool, read with {@link PoolReader#read}: see there what {@code free} means
     * while other threads or processes allocate. Costs one read per free chunk. A pool whose free list
     * is corrupt is reported as {@linkplain PoolStats#corrupt() corrupt}, not thrown: a snapshot is for
     * monitoring, which must go on reporting exactly when something is wrong.
     *
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if the arena is confined and the caller is not its owner
     */
    @Override
    public final ArenaStats stats() {
        ensureOpen();
        writeBackHeads();
        List<PoolStats> pools = new ArrayList<>(layout.poolCount());
        try {
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                pools.add(PoolReader.read(memory, layout, pool).withParked(parked(pool)));
            }
        } catch (IllegalStateException e) {
            ensureOpen(); // closed meanwhile by another thread: say so in the arena's words
            throw e;
        }
        return new ArenaStats(description, pools);
    }

    /** Chunks of {@code pool} parked in this process's thread caches now (a best effort while they move). */
    private long parked(int pool) {
        long sum = 0;
        for (ParkedChunks cache : caches) {
            sum += cache.parked(pool);
        }
        return sum;
    }

    /**
     * A cache for the calling thread in front of this arena ({@link ThreadCache}); the cache's class is
     * {@link #newThreadCache}'s. A confined arena refuses: it has no atomics to save.
     *
     * @throws IllegalArgumentException if {@code chunksPerPool} is out of range
     * @throws UnsupportedOperationException if the arena is confined
     * @throws IllegalStateException if the arena is closed
     * @throws WrongThreadException if the arena is confined and the caller is not its owner
     */
    @Override
    public final ThreadCache threadCache(int chunksPerPool) {
        checkCacheable();
        return newThreadCache(chunksPerPool);
    }

    /**
     * Makes the thread cache of {@link #threadCache}, after its checks: a cache that loops over the
     * layout. Generated arenas return a generated cache whose dispatch is unrolled over constants.
     */
    protected ThreadCache newThreadCache(int chunksPerPool) {
        return new LayoutThreadCache(this, chunksPerPool, null);
    }

    /**
     * Like {@link #threadCache}, for a checked-mode wrapper: the cache records hand-outs and frees in
     * {@code tracker}, the wrapper's.
     */
    protected final ThreadCache checkedThreadCache(int chunksPerPool, ChunkTracker tracker) {
        checkCacheable();
        return new LayoutThreadCache(this, chunksPerPool, Objects.requireNonNull(tracker, "tracker"));
    }

    private void checkCacheable() {
        ensureOpen();
        if (owner != null) {
            throw new UnsupportedOperationException(description + " is confined to one thread and has no atomics: "
                    + "a thread cache would save nothing. Use the confined arena directly, or make a shared arena "
                    + "(SlabArenas.local, or @Arena without confined) and give each thread a cache of it");
        }
    }

    /**
     * Writes head words that the subclass keeps outside the memory back into the pools' headers, so
     * that {@link PoolReader} reads complete lists; {@link #stats()} calls it on the owner's thread of
     * an open arena, before it reads. Confined arenas keep their heads in a {@code long[]}
     * ({@link ConfinedFreeList#loadHeads}) and override it with {@link ConfinedFreeList#storeHeads}; a
     * shared arena's heads are always in memory, where other threads and processes use them, and it
     * does nothing. {@link #close()} needs no write-back: confined arenas are in private memory, which
     * close unmaps.
     */
    protected void writeBackHeads() {
        // shared arenas: the head words are only ever in memory
    }

    /**
     * Slow path: a pop found pool {@code pool} empty while serving a request of {@code size} bytes.
     * Adds one to the pool's exhaustion counter and emits {@value ExhaustionEvent#NAME} if enabled.
     *
     * <p>Memory ordering: in a shared arena an atomic {@code getAndAdd} (volatile; only its atomicity
     * is needed, since no other access is ordered by the counter, and the slow path can afford the
     * stronger mode), so increments from threads and processes are never lost; in a confined arena a
     * plain load and store, the owner being the only writer (C++ processes never write the counter).
     */
    protected final void countExhaustion(int pool, long size) {
        long counter = layout.poolOffset(pool) + PoolHeader.EXHAUSTIONS_OFFSET;
        try {
            if (owner == null) {
                LONG.getAndAdd(memory, counter, 1L);
            } else {
                LONG.set(memory, counter, (long) LONG.get(memory, counter) + 1L);
            }
        } catch (IllegalStateException closed) {
            throw FreeList.arenaClosed(closed);
        }
        ExhaustionEvent event = new ExhaustionEvent();
        if (event.shouldCommit()) {
            event.arena = description;
            event.pool = pool;
            event.chunkSize = layout.chunkSize(pool);
            event.requestedSize = size;
            event.commit();
        }
    }

    /**
     * Slow path of {@code tryAllocateOffset}: pool {@code pool}, the only one it may use, was empty.
     * Counts it ({@link #countExhaustion}) and answers as {@link #unserved()} does.
     */
    protected final long exhausted(int pool, long size) {
        countExhaustion(pool, size);
        return unserved();
    }

    /**
     * Slow path of {@code allocateOffset}: pool {@code to} served a request of {@code size} bytes whose
     * smallest fitting pool {@code from} was empty. Emits {@value PromotionEvent#NAME} if enabled and
     * returns {@code offset}.
     */
    protected final long promoted(int from, int to, long size, long offset) {
        PromotionEvent event = new PromotionEvent();
        if (event.shouldCommit()) {
            event.arena = description;
            event.requestedSize = size;
            event.fromPool = from;
            event.toPool = to;
            event.commit();
        }
        return offset;
    }

    /** The result of a request that no pool served: {@code -1}, or {@link IllegalStateException} if closed. */
    protected final long unserved() {
        ensureOpen();
        return -1L;
    }

    /**
     * The segment API is the offset API plus a slice: one definition for every arena, whatever its
     * dispatch. The slice is bounds-checked and shares the arena's scope.
     */
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

    /**
     * Frees by the segment's offset in {@link #memory}. Only a segment of this arena's memory (the
     * same scope) is freed: a segment of another arena is foreign and ignored even when its address
     * falls inside this arena's pools, which happens when a closed arena's mapping is reused at the
     * same address by a new one (its stale segments would otherwise be pushed onto the new lists).
     * Checked arenas refuse a segment of a closed arena instead ({@link #foreignSegment}).
     */
    @Override
    public final void deallocate(MemorySegment chunk) {
        if (chunk == null || !memory.scope().equals(chunk.scope())) {
            foreignSegment(chunk);
            return;
        }
        deallocateOffset(chunk.address() - baseAddress);
    }

    /**
     * What {@link #deallocate(MemorySegment)} does with {@code null} or a segment that is not this
     * arena's: nothing, but a closed arena still throws. Checked arenas override it with {@link
     * ChunkTracker#requireNotStale(MemorySegment)} first.
     */
    protected void foreignSegment(MemorySegment chunk) {
        ensureOpen();
    }

    /**
     * The exception for a free list that {@link FreeList#pop} found corrupt: names the object and the
     * pool, which the static pop cannot. Arenas catch {@link CorruptFreeListException} around their pops
     * and throw this instead. In a confined arena, another thread gets {@link WrongThreadException} instead.
     */
    protected final ArenaException corrupted(CorruptFreeListException cause) {
        ensureOwner(); // a confined arena's heads are on the heap: another thread may get here before any access
        int pool = cause.pool();
        if (pool < 0) {
            pool = 0;
            while (layout.headOffset(pool) != cause.headOffset()) { // every pop names one of this arena's heads
                pool++;
            }
        }
        String message = region.description() + ": pool " + pool + "'s free list names chunk index " + cause.index()
                + ", beyond its count " + cause.count() + " (" + layout.describe() + "): ";
        message += region.isShared()
                ? "another process wrote over its head or a free chunk's link after this arena attached. No chunk "
                        + "was handed out and nothing outside the pool was touched. Stop the processes that use the "
                        + "object, find the one that writes outside its chunks, and remove the object "
                        + "(SharedMemory.unlink) before creating it again."
                : "something in this process wrote over its head or a free chunk's link (through memory(), or an "
                        + "offset or segment outside the chunks it holds). No chunk was handed out and nothing outside "
                        + "the pool was touched; the pool cannot be used any more: close the arena and create a new one.";
        ArenaException e = new ArenaException(message);
        e.initCause(cause);
        return e;
    }

    /** The exception for a negative request size; callers check {@code size < 0} before any dispatch. */
    protected static IllegalArgumentException negativeSize(long size) {
        return new IllegalArgumentException("size = " + size + " is negative; request 0 or more bytes");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + layout.describe() + ", " + region.description()
                + (owner != null ? ", confined to " + describe(owner) : "")
                + (region.isClosed() ? ", closed" : "") + "]";
    }
}

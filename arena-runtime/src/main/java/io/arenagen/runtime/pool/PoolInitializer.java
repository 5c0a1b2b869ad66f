package io.arenagen.runtime.pool;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.FreeListWalk;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.internal.ReadyOnce;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.LayoutDescriptor;
import io.arenagen.runtime.layout.PoolHeader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Brings each pool of an arena to the ready state exactly once, however many processes map it at
 * the same time: the magic word goes {@code fresh → busy} by CAS, the winner writes the layout
 * descriptor, the links and the head, then stores {@code ready} with release semantics. Every
 * other process waits (spin, yield, park) until it loads {@code ready} with acquire semantics, and
 * then checks that the descriptor matches its own configuration. The protocol is {@link ReadyOnce}'s (the
 * queues use it too); this class says what a pool is made of and how a ready one is checked.
 *
 * <p>The wait is bounded. An initializer that died mid-way is detected through the pid it recorded:
 * when that process no longer exists, one waiter takes over (a CAS on the pid word elects it) and
 * initializes the pool again, which is safe because nobody could have used a pool that never became
 * ready. Only a proof counts as death: ESRCH from {@code kill(pid, 0)}, or every thread of the process
 * a zombie (see {@link ProcessLiveness#isAlive}). When the initializer cannot be proven dead (it is
 * alive, hidden from us, or a C++ initializer recorded no pid) the wait ends in an
 * {@link ArenaException} that says how to recover. This process's own pid is a previous incarnation's
 * (a restarted container that reused the pid) unless one of its threads is building that pool, which
 * a process-wide registry tells; then it is taken over at once.
 *
 * <p>An interrupted waiter does not wait on (parking returns at once while the interrupt status is set,
 * so the wait would spin until its timeout): it ends with an {@link ArenaException} that says it was
 * interrupted, leaving the interrupt status set and the pool untouched.
 *
 * <p>An object whose pool 0 was initialized by the C++ library (ready, no layout descriptor) is
 * only waited for: this process initializes none of its pools, because the C++ constructor
 * initializes all of them and nothing in the object proves that its pools lie where this layout
 * puts them.
 */
final class PoolInitializer {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final ValueLayout.OfInt INT_LE = LittleEndian.INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG_LE = LittleEndian.LONG_UNALIGNED;

    /** The protocol's words in a pool header; a fresh pool's header is all zero up to the chunks. */
    private static final ReadyOnce.Header HEADER = new ReadyOnce.Header(PoolHeader.INITIALIZER_PID_OFFSET,
            PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET, PoolHeader.CHUNKS_OFFSET);

    private final MemorySegment memory;
    private final ArenaLayout layout;
    private final String objectName;
    private final long timeoutNanos;

    /**
     * @param memory the arena's memory
     * @param layout its layout
     * @param objectName what to call the memory in messages, for example {@code "shared object /feed"}
     * @param timeoutNanos how long to wait for another process's initialization
     */
    PoolInitializer(MemorySegment memory, ArenaLayout layout, String objectName, long timeoutNanos) {
        this.memory = memory;
        this.layout = layout;
        this.objectName = objectName;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Makes every pool ready, initializing the fresh ones and checking the others.
     *
     * @return the number of pools this call initialized
     * @throws ArenaException on foreign bytes, another configuration, or an initializer that never finished
     */
    public int initializeAll() {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            inspect(pool);
        }
        int initialized = 0;
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            // C++-created object rule: see createdByCpp. Pool 0 is ready once initialize(0) returns.
            if (pool > 0 && createdByCpp()) {
                awaitCppInitializer(pool);
            } else if (initialize(pool)) {
                initialized++;
            }
        }
        return initialized;
    }

    /**
     * Whether pool 0, which is ready, was initialized by the C++ library. An arenagen initializer
     * writes the layout descriptor before it stores {@code ready} with release semantics, and
     * {@code ready} is loaded with acquire semantics here, so a ready pool 0 whose tag is still zero
     * was initialized by a C++ process; a Java initializer of another process that is still at work
     * keeps pool 0 busy and is never mistaken for one.
     *
     * <p>Such an object carries no descriptor that would prove its other pools lie where this
     * layout puts them, so this process never writes into them: the C++ constructor initializes
     * every pool, in order, and this process waits for each ({@link #awaitCppInitializer}).
     */
    private boolean createdByCpp() {
        return AttachRefusal.createdByCpp(memory);
    }

    /**
     * Waits, bounded by the init timeout, for the C++ creator to make pool {@code pool} ready; never
     * claims the pool, whatever its magic says.
     */
    private void awaitCppInitializer(int pool) {
        readyOnce(pool).awaitReady(magic -> new ArenaException(objectName + " was created by the C++ library (pool 0 "
                + "is ready without a layout descriptor), but its pool " + pool + " is still "
                + (magic == PoolHeader.MAGIC_FRESH ? "uninitialized" : "being initialized") + " after "
                + timeoutNanos / 1_000_000 + " ms. The C++ constructor initializes every pool; this process "
                + "never initializes a pool of a C++-created object, since nothing in it proves that the "
                + "pool lies where this layout (" + layout.describe() + ") puts it. If the C++ process died "
                + "while constructing the arena, remove the object (SharedMemory.unlink) when no process "
                + "uses it; otherwise allow a longer wait (ShmOptions.withInitTimeout)."));
    }

    /** Makes pool {@code pool} ready; returns whether this call initialized it. */
    boolean initialize(int pool) {
        return readyOnce(pool).initialize();
    }

    /** The initialization protocol over pool {@code pool}, with this class's build and checks. */
    private ReadyOnce readyOnce(int pool) {
        return new ReadyOnce(memory, layout.poolOffset(pool), HEADER,
                new ReadyOnce.Subject(objectName, "pool " + pool, "arena", "SharedMemory.unlink"), timeoutNanos,
                new ReadyOnce.Target() {
                    @Override
                    public void verify() {
                        PoolInitializer.this.verify(pool);
                    }

                    @Override
                    public void build() {
                        PoolInitializer.this.build(pool);
                    }

                    @Override
                    public ArenaException foreignMagic(long magic) {
                        return foreignRefusal(pool, magic).exception();
                    }

                    @Override
                    public ArenaException foreignHeader(long offset, long word) {
                        return freshHeaderRefusal(pool, offset, word).exception();
                    }
                });
    }

    /**
     * Refuses foreign bytes and other configurations in any pool before any pool is written, so
     * that a refused object is left exactly as it was found.
     */
    private void inspect(int pool) {
        refusal(pool).ifPresent(AttachRefusal::raise);
    }

    /**
     * What {@link #inspect} refuses in pool {@code pool}, without throwing: the one judgement that attach
     * and {@link AttachRefusal#of} (for {@code inspect}) share. Only reads.
     */
    Optional<AttachRefusal> refusal(int pool) {
        long magic = (long) LONG.getAcquire(memory, layout.poolOffset(pool));
        if (magic == PoolHeader.MAGIC_READY) {
            return readyRefusal(pool);
        } else if (magic == PoolHeader.MAGIC_FRESH) {
            return freshHeaderRefusal(pool);
        } else if (magic != PoolHeader.MAGIC_BUSY) {
            return Optional.of(foreignRefusal(pool, magic));
        }
        return Optional.empty();
    }

    /**
     * A pool whose magic is fresh must have an all-zero header ({@link ReadyOnce#foreignFreshHeaderWord}):
     * otherwise these bytes are not a pool header of this configuration (another configuration whose pools
     * lie elsewhere, or foreign data) and writing into them would corrupt whatever they are.
     */
    private Optional<AttachRefusal> freshHeaderRefusal(int pool) {
        long offset = readyOnce(pool).foreignFreshHeaderWord();
        return offset < 0 ? Optional.empty()
                : Optional.of(freshHeaderRefusal(pool, offset, memory.get(LONG_LE, layout.poolOffset(pool) + offset)));
    }

    private AttachRefusal freshHeaderRefusal(int pool, long offset, long word) {
        String finding = "pool " + pool + " (" + layout.describe() + ") has an uninitialized magic but a "
                + "non-zero header (0x" + Long.toHexString(word) + " at byte " + offset + ")";
        return new AttachRefusal(AttachRefusal.Reason.FOREIGN_HEADER, pool, finding, objectName + ": " + finding
                + ": the object holds another configuration or foreign bytes. It was left untouched; open it with "
                + "the configuration it was created with, or remove it (SharedMemory.unlink) when no process uses it.");
    }

    /** Writes descriptor, links and head of a pool this process owns (magic is busy); the protocol publishes it. */
    private void build(int pool) {
        long base = layout.poolOffset(pool);
        long count = layout.count();
        memory.set(INT_LE, base + PoolHeader.TAG_OFFSET, PoolHeader.DESCRIPTOR_TAG);
        memory.set(INT_LE, base + PoolHeader.VERSION_OFFSET, PoolHeader.DESCRIPTOR_VERSION);
        memory.set(INT_LE, base + PoolHeader.POOL_INDEX_OFFSET, pool);
        memory.set(INT_LE, base + PoolHeader.POOL_COUNT_OFFSET, layout.poolCount());
        memory.set(LONG_LE, base + PoolHeader.CHUNK_SIZE_OFFSET, layout.chunkSize(pool));
        memory.set(LONG_LE, base + PoolHeader.CHUNK_COUNT_OFFSET, count);
        memory.set(LONG_LE, base + PoolHeader.TOTAL_SIZE_OFFSET, layout.totalSize());
        long chunks = layout.chunksOffset(pool);
        int shift = layout.chunkShift(pool);
        for (long i = 0; i < count - 1; i++) {
            memory.set(INT_LE, chunks + (i << shift), (int) (i + 1));
        }
        memory.set(INT_LE, chunks + ((count - 1) << shift), PoolHeader.EMPTY_INDEX);
        memory.set(LONG_LE, layout.headOffset(pool), 0L); // index 0, generation 0
        // No exhaustion counted yet. Already zero (a fresh header is all zero, and only ready pools count),
        // written anyway so that a rebuilt pool never inherits a count.
        memory.set(LONG_LE, base + PoolHeader.EXHAUSTIONS_OFFSET, 0L);
    }

    /**
     * Checks a ready pool: its descriptor against this arena's configuration (all zero: made by C++,
     * accepted), then its free list ({@link #requireSoundFreeList}), which is all there is to check in a
     * C++-made pool.
     */
    private void verify(int pool) {
        readyRefusal(pool).ifPresent(AttachRefusal::raise);
    }

    private Optional<AttachRefusal> readyRefusal(int pool) {
        long base = layout.poolOffset(pool);
        int tag = memory.get(INT_LE, base + PoolHeader.TAG_OFFSET);
        if (tag == 0) {
            return freeListRefusal(pool, "no layout descriptor, as created by the C++ library");
        }
        if (tag != PoolHeader.DESCRIPTOR_TAG) {
            String finding = "pool " + pool + " is marked ready but its layout descriptor tag is 0x"
                    + Integer.toHexString(tag) + ", neither arenagen's nor zero";
            return Optional.of(new AttachRefusal(AttachRefusal.Reason.FOREIGN_TAG, pool, finding, objectName + ": "
                    + finding + ": these are foreign bytes. It was left untouched; pick another name, or remove it "
                    + "if it is stale."));
        }
        int version = memory.get(INT_LE, base + PoolHeader.VERSION_OFFSET);
        if (version == PoolHeader.DESCRIPTOR_VERSION_CHUNKS_AT_128) {
            return Optional.of(new AttachRefusal(AttachRefusal.Reason.OTHER_VERSION, pool, "pool " + pool
                    + " has layout descriptor version " + version, objectName + " was created by an older arenagen "
                    + "(layout descriptor version " + version + ") with an incompatible layout: its chunks start 128 "
                    + "bytes into each pool, where this arenagen and the C++ arena place them at "
                    + PoolHeader.CHUNKS_OFFSET + ". It was left untouched and is never reinterpreted; stop the "
                    + "processes that use it, remove it (SharedMemory.unlink) and let this version create it again."));
        }
        if (version != PoolHeader.DESCRIPTOR_VERSION) {
            return Optional.of(new AttachRefusal(AttachRefusal.Reason.OTHER_VERSION, pool, "pool " + pool
                    + " has layout descriptor version " + version, objectName + " has layout descriptor version "
                    + version + "; this arenagen reads version " + PoolHeader.DESCRIPTOR_VERSION + ". Use the same "
                    + "arenagen version in every process."));
        }
        int storedIndex = memory.get(INT_LE, base + PoolHeader.POOL_INDEX_OFFSET);
        int storedPools = memory.get(INT_LE, base + PoolHeader.POOL_COUNT_OFFSET);
        long storedSize = memory.get(LONG_LE, base + PoolHeader.CHUNK_SIZE_OFFSET);
        long storedCount = memory.get(LONG_LE, base + PoolHeader.CHUNK_COUNT_OFFSET);
        long storedTotal = memory.get(LONG_LE, base + PoolHeader.TOTAL_SIZE_OFFSET);
        if (storedIndex != pool || storedPools != layout.poolCount() || storedSize != layout.chunkSize(pool)
                || storedCount != layout.count() || storedTotal != layout.totalSize()) {
            String existing = LayoutDescriptor.describe(memory).map(d -> " (" + d + ")").orElse("");
            String finding = "its pool " + storedIndex + " of " + storedPools + " holds " + storedCount + " x "
                    + storedSize + " B chunks (" + storedTotal + " bytes in all), but this arena's pool " + pool + " of "
                    + layout.poolCount() + " holds " + layout.count() + " x " + layout.chunkSize(pool) + " B chunks ("
                    + layout.describe() + ", " + layout.totalSize() + " bytes in all)";
            return Optional.of(new AttachRefusal(AttachRefusal.Reason.OTHER_CONFIGURATION, pool, finding, objectName
                    + " was created with another configuration" + existing + ": " + finding + ". Open it with the "
                    + "configuration it was created with, or remove it (SharedMemory.unlink) when no process uses it."));
        }
        return freeListRefusal(pool, "its layout descriptor matches");
    }

    /**
     * Refuses a ready pool whose free list could lead a pop outside the pool: a head or link at or
     * beyond the count, or a cycle ({@link FreeListAudit}, a read-only walk). Runs in the inspect pass,
     * before any pool is written, so a refused object is left as it was found.
     */
    private Optional<AttachRefusal> freeListRefusal(int pool, String descriptor) {
        return FreeListAudit.faultyWalk(memory, layout.headOffset(pool), layout.chunksOffset(pool),
                layout.chunkShift(pool), layout.count()).map(walk -> {
                    String finding = "pool " + pool + " (" + descriptor + ") has " + walk.description();
                    return new AttachRefusal(walk.fault() == FreeListWalk.Fault.CYCLE
                            ? AttachRefusal.Reason.FREE_LIST_CYCLE : AttachRefusal.Reason.FREE_LIST_INDEX_OUT_OF_RANGE,
                            pool, finding, objectName + ": " + finding + ", which no arena of this configuration ("
                            + layout.describe() + ") holds: the object was made by another program or with another "
                            + "configuration. It was left untouched; open it with the configuration it was created "
                            + "with, or remove it (SharedMemory.unlink) when no process uses it.");
                });
    }

    private AttachRefusal foreignRefusal(int pool, long magic) {
        String finding = "pool " + pool + " has magic 0x" + Long.toHexString(magic) + " where 0 (fresh), "
                + "0xffffffffffffffff (initializing) or 0x" + Long.toHexString(PoolHeader.MAGIC_READY) + " (ready) belongs";
        return new AttachRefusal(AttachRefusal.Reason.FOREIGN_MAGIC, pool, finding, objectName + " holds foreign bytes: "
                + finding + ". It was left untouched; pick another name, or remove it (SharedMemory.unlink) if it is "
                + "stale.");
    }
}

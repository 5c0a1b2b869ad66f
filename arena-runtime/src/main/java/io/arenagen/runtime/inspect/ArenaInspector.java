package io.arenagen.runtime.inspect;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.internal.FreeListWalk;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.LayoutDescriptor;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.memory.ReadOnlyMapping;
import io.arenagen.runtime.pool.AttachRefusal;
import io.arenagen.runtime.queue.RingHeader;
import io.arenagen.runtime.queue.RingLayout;
import io.arenagen.runtime.queue.RingReader;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads an arena's shared object without joining its traffic and without writing to it (see
 * {@link ReadOnlyMapping}) and turns what it finds into an {@link ArenaReport}. Use it through
 * {@link io.arenagen.runtime.SharedMemory#inspect(String)}.
 *
 * <p>The configuration comes from the layout descriptors that arenagen writes into every pool header.
 * An object created by the C++ library has none, so its configuration must be given, and is accepted
 * only if it accounts for the object's size exactly.
 *
 * <p>Every pool is judged by the attach check itself ({@link AttachRefusal#of}): whatever an arena of
 * the configuration refuses to attach to is an {@link Problem.Severity#ERROR} here, and a pool an arena
 * refuses is not walked, since its layout is not trusted. An object without descriptor that an arena of
 * the given configuration refuses is not reported at all: the configuration does not fit it, as far as
 * its bytes can tell ({@link IllegalArgumentException}).
 */
public final class ArenaInspector {

    private static final VarHandle LONG = LittleEndian.LONG;
    /** Walks of a free list before one that never held still is reported unsettled. */
    private static final int WALK_ATTEMPTS = 8;

    /**
     * Runs after the object is mapped and before anything is read; a test truncates the object here to
     * prove that a shrink while reading is reported ({@link ObjectChangedException}). Does nothing otherwise.
     */
    static volatile Consumer<String> afterMapping = name -> { };

    private ArenaInspector() {
    }

    /**
     * Inspects {@code name}, whose configuration {@code given} is used when it carries no layout
     * descriptor; with a descriptor, {@code given} must equal it.
     *
     * @throws IllegalArgumentException if the object has no descriptor and {@code given} is empty, if
     *     {@code given} needs another object size, does not fit the object's headers and free lists (an
     *     arena of it refuses the object), or differs from the descriptor
     * @throws ArenaException if the object cannot be opened or mapped for reading, or carries a layout
     *     descriptor of another arenagen version that does not describe a configuration
     * @throws ObjectChangedException if the object shrank while it was read
     */
    public static ArenaReport inspect(String name, Optional<ArenaLayout> given) {
        long mappedSize = 0;
        try (ReadOnlyMapping mapping = ReadOnlyMapping.open(name)) {
            mappedSize = mapping.segment().byteSize();
            afterMapping.accept(name);
            if (RingReader.hasQueueDescriptor(mapping.segment())) {
                throw new IllegalArgumentException("shared object " + name + " is a queue (its header carries the "
                        + "queue descriptor 'AGRQ'), not an arena: inspect it with SharedMemory.inspectObject(name) "
                        + "(arena-inspect " + name + ", without --count and --sizes).");
            }
            return read(name, mapping.segment(), mapping.status(), given);
        } catch (InternalError fault) {
            throw changed(name, mappedSize, fault);
        }
    }

    /**
     * Inspects the queue {@code name} with configuration {@code given}: for a queue created by the C++
     * library, which carries no descriptor; with a descriptor, {@code given} must equal it.
     *
     * @throws IllegalArgumentException if the object is an arena, carries a descriptor that differs from
     *     {@code given}, or has no descriptor and is not the size {@code given} needs
     * @throws ArenaException if the object cannot be opened or mapped for reading, or carries a queue
     *     descriptor this version cannot read
     * @throws ObjectChangedException if the object shrank while it was read
     */
    public static QueueReport inspectQueue(String name, RingLayout given) {
        long mappedSize = 0;
        try (ReadOnlyMapping mapping = ReadOnlyMapping.open(name)) {
            MemorySegment memory = mapping.segment();
            mappedSize = memory.byteSize();
            afterMapping.accept(name);
            Optional<RingLayout> recorded = RingReader.descriptor(memory, name);
            if (recorded.isPresent() && !recorded.get().equals(given)) {
                throw new IllegalArgumentException("shared object " + name + " was created as a queue of "
                        + recorded.get().describe() + ", not " + given.describe() + " as given: leave out --queue, "
                        + "which only queues without a descriptor (created by the C++ library) need.");
            }
            if (recorded.isEmpty()) {
                int tag = memory.byteSize() >= RingHeader.SLOTS_OFFSET
                        ? memory.get(LittleEndian.INT_UNALIGNED, RingHeader.TAG_OFFSET) : 0;
                if (tag != 0) {
                    throw new IllegalArgumentException("shared object " + name + " is not a queue: bytes 8..11 of "
                            + "its header hold 0x" + Integer.toHexString(tag) + (tag == PoolHeader.DESCRIPTOR_TAG
                            ? " (arenagen's arena descriptor 'AGEN'): inspect it without --queue."
                            : ", where a C++ queue has 0: leave out --queue."));
                }
                long expected = given.mappedSize(Libc.pageSize());
                if (memory.byteSize() != expected) {
                    throw new IllegalArgumentException("shared object " + name + " is " + memory.byteSize()
                            + " bytes, but a queue of " + given.describe() + " needs " + expected + " (192 + capacity"
                            + " × " + given.slotSize() + "-byte slots = " + given.totalSize() + ", rounded up to "
                            + Libc.pageSize() + "-byte pages): give the policy and capacity it was created with.");
                }
            }
            return QueueInspector.read(name, memory, mapping.status(), given, recorded.isPresent());
        } catch (InternalError fault) {
            throw changed(name, mappedSize, fault);
        }
    }

    /**
     * Inspects {@code name}, an arena or a queue as its descriptor says: a queue descriptor ('AGRQ')
     * gives a {@link QueueReport}, anything else is read as an arena ({@link #inspect(String, Optional)}
     * without a given configuration). A queue created by the C++ library has no descriptor, and its bytes
     * cannot tell it from an arena's, so it is reported as an object without layout descriptor.
     *
     * @throws IllegalArgumentException if the object is not a queue and carries no layout descriptor
     * @throws ArenaException if the object cannot be opened or mapped for reading, or carries a descriptor
     *     this version cannot read
     * @throws ObjectChangedException if the object shrank while it was read
     */
    public static ObjectReport inspectObject(String name) {
        long mappedSize = 0;
        try (ReadOnlyMapping mapping = ReadOnlyMapping.open(name)) {
            mappedSize = mapping.segment().byteSize();
            afterMapping.accept(name);
            Optional<RingLayout> queue = RingReader.descriptor(mapping.segment(), name);
            if (queue.isPresent()) {
                return QueueInspector.read(name, mapping.segment(), mapping.status(), queue.get(), true);
            }
            return read(name, mapping.segment(), mapping.status(), Optional.empty());
        } catch (InternalError fault) {
            throw changed(name, mappedSize, fault);
        }
    }

    /**
     * A read that faulted: a shrink (the object is now smaller than the mapping) is reported as such;
     * any other fault is not ours to explain and is rethrown.
     */
    private static ObjectChangedException changed(String name, long mappedSize, InternalError fault) {
        Libc.FileStatus[] now = new Libc.FileStatus[1];
        boolean stat = !Libc.stat("/dev/shm" + name, now).failed();
        if (stat && now[0].size() >= mappedSize) {
            throw fault;
        }
        return new ObjectChangedException("shared object " + name + " changed size while it was read: it was "
                + mappedSize + " bytes when mapped and is " + (stat ? now[0].size() + " bytes" : "gone") + " now, so "
                + "reading a page past its new end faulted (SIGBUS). Another process truncated "
                + (stat ? "it (ftruncate)" : "and removed it") + ": a script that recreates it, or an application "
                + "that opened it with another configuration. Nothing was written; inspect it again to see it as it "
                + "is now.", fault);
    }

    private static ArenaReport read(String name, MemorySegment memory, Libc.FileStatus status,
                                    Optional<ArenaLayout> given) {
        Optional<ArenaLayout> recorded = LayoutDescriptor.read(memory);
        if (recorded.isEmpty() && given.isEmpty()) {
            throw noDescriptor(name, memory);
        }
        ArenaLayout layout = recorded.or(() -> given).orElseThrow();
        if (recorded.isPresent() && given.isPresent() && !recorded.get().equals(given.get())) {
            throw new IllegalArgumentException("shared object " + name + " was created with "
                    + recorded.get().describe() + ", not " + given.get().describe() + " as given: leave out "
                    + "--count and --sizes, which only objects without a layout descriptor need.");
        }
        List<Problem> problems = new ArrayList<>();
        long expectedSize = layout.mappedSize(Libc.pageSize());
        if (memory.byteSize() != expectedSize) {
            if (recorded.isEmpty()) {
                throw new IllegalArgumentException("shared object " + name + " is " + memory.byteSize()
                        + " bytes, but " + layout.describe() + " needs " + expectedSize + " (Σ (128 + count × size) = "
                        + layout.totalSize() + ", rounded up to " + Libc.pageSize() + "-byte pages): give the "
                        + "count and sizes it was created with.");
            }
            problems.add(new Problem(Problem.Severity.ERROR, Problem.Kind.SIZE_MISMATCH, -1, "the object is "
                    + memory.byteSize() + " bytes, but its layout descriptor (" + layout.describe() + ") needs "
                    + expectedSize + ": it was resized or overwritten; no arena will attach to it."));
        }
        objectProblems(status, problems);
        // As the attach check decides it: pool 0 ready without a descriptor means the C++ library made the
        // object, and then the given configuration is all that says where the other pools lie.
        boolean cpp = recorded.isEmpty() && AttachRefusal.createdByCpp(memory);
        List<PoolReport> pools = new ArrayList<>();
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            Optional<AttachRefusal> refusal = AttachRefusal.of(memory, layout, "shared object " + name, pool);
            if (cpp && refusal.isPresent()) {
                throw doesNotFit(name, layout, refusal.get());
            }
            pools.add(pool(memory, layout, pool, refusal, cpp, problems));
        }
        Optional<OwnersReport> owners = OwnersInspector.read(name, memory, layout, status, problems);
        problems.sort(Comparator.comparing(Problem::severity).reversed().thenComparingInt(Problem::pool));
        return new ArenaReport(name, Instant.now(), memory.byteSize(), status.uid(), status.mode(), layout,
                recorded.isPresent(), pools, problems, owners);
    }

    /**
     * No configuration to read the object with. An arenagen tag in pool 0 that does not lead to a
     * configuration is a descriptor of another version (or a damaged one), which is said as such rather
     * than "no descriptor".
     */
    private static RuntimeException noDescriptor(String name, MemorySegment memory) {
        if (memory.byteSize() >= PoolHeader.POOL_INDEX_OFFSET // tag and version, the words before the pool index
                && memory.get(LittleEndian.INT_UNALIGNED, PoolHeader.TAG_OFFSET) == PoolHeader.DESCRIPTOR_TAG) {
            int version = memory.get(LittleEndian.INT_UNALIGNED, PoolHeader.VERSION_OFFSET);
            return new ArenaException("shared object " + name + " carries arenagen's layout descriptor (version "
                    + version + "), but its pools' descriptors do not describe a configuration this version can read"
                    + (version == PoolHeader.DESCRIPTOR_VERSION ? ": they disagree with each other, so it is damaged"
                    : ": this arenagen reads version " + PoolHeader.DESCRIPTOR_VERSION + ", and every arena of it "
                    + "refuses the object") + ". Inspect it with the arenagen version that created it, or give --count "
                    + "and --sizes to see each pool; remove it (SharedMemory.unlink) once no process uses it.");
        }
        return new IllegalArgumentException("shared object " + name + " (" + memory.byteSize() + " bytes) carries no "
                + "layout descriptor: it was created by the C++ library (an arena, or a queue: a C++ queue carries no "
                + "descriptor: give --queue POLICY,CAPACITY), by an older or damaged arena, or is not an arena. Give the "
                + "count and sizes it was created with (arena-inspect " + name + " --count N --sizes "
                + "a,b,c; SharedMemory.inspect(name, count, sizes...)).");
    }

    /**
     * A C++-made object that an arena of the given configuration refuses: its bytes say the configuration
     * does not fit, and cannot say whether it is the wrong one or the object is damaged.
     */
    private static IllegalArgumentException doesNotFit(String name, ArenaLayout layout, AttachRefusal refusal) {
        return new IllegalArgumentException(layout.describe() + " as given does not fit shared object " + name + ": "
                + refusal.finding() + ", and an arena of this configuration refuses to attach to it. The object "
                + "carries no layout descriptor (pool 0 was initialized by the C++ library), so only its headers "
                + "and free lists can tell whether a configuration fits. Most likely it was created with another "
                + "count or sizes: give those (the C++ arena's template arguments). If these are the ones it was "
                + "created with, its bytes are damaged; the object cannot tell the two apart.");
    }

    /** The owner and mode warnings, the same for an arena and a queue. */
    static void objectProblems(Libc.FileStatus status, List<Problem> problems) {
        int self = Libc.geteuid();
        if (status.uid() != self) {
            problems.add(new Problem(Problem.Severity.WARNING, Problem.Kind.OWNER, -1, "owned by uid " + status.uid()
                    + ", not by this user (uid " + self + "): arenas refuse to attach to it unless opened with "
                    + "ShmOptions.withSharingAcrossUsers()."));
        }
        if ((status.mode() & 077) != 0) {
            problems.add(new Problem(Problem.Severity.WARNING, Problem.Kind.MODE, -1, "mode 0"
                    + Integer.toOctalString(status.mode()) + " lets other users in (the C++ library creates 0644; "
                    + "arenagen 0600): arenagen attaches only with ShmOptions.withPermissions(0"
                    + Integer.toOctalString(status.mode() & 0777 | 0600) + ")."));
        }
    }

    private static PoolReport pool(MemorySegment memory, ArenaLayout layout, int pool, Optional<AttachRefusal> refusal,
                                   boolean cpp, List<Problem> problems) {
        long base = layout.poolOffset(pool);
        long count = layout.count();
        long size = layout.chunkSize(pool);
        long magic = (long) LONG.getAcquire(memory, base); // the magic word opens the pool
        long pid = (long) LONG.getVolatile(memory, base + PoolHeader.INITIALIZER_PID_OFFSET);
        long namespace = (long) LONG.getVolatile(memory, base + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET);
        long exhaustions = (long) LONG.getOpaque(memory, base + PoolHeader.EXHAUSTIONS_OFFSET);
        long head = (long) LONG.getAcquire(memory, layout.headOffset(pool));
        Liveness liveness = Liveness.of(pid, namespace);
        MagicState state = MagicState.of(magic);
        if (refusal.isPresent()) {
            problems.add(new Problem(Problem.Severity.ERROR, kind(refusal.get().reason()), pool, "pool " + pool
                    + ": an arena opening the object refuses it: " + refusal.get().message()));
            return new PoolReport(new PoolStats(pool, size, count, 0, 0, head >>> 32, exhaustions), state, pid,
                    namespace, liveness, true, false);
        }
        String initializer = pid > 0 ? "pid " + pid : "no recorded pid";
        switch (state) {
            case READY -> {
                FreeListWalk walk = FreeListWalk.walk(memory, layout.headOffset(pool), layout.chunksOffset(pool),
                        layout.chunkShift(pool), count, WALK_ATTEMPTS);
                long free = walk.free();
                if (walk.settled() && free == 0) {
                    problems.add(exhausted(pool, size, count, exhaustions, liveness, initializer));
                }
                return new PoolReport(new PoolStats(pool, size, count, free, count - free, walk.head() >>> 32,
                        exhaustions), state, pid, namespace, liveness, walk.settled(), true);
            }
            case BUSY, FRESH -> problems.add(cpp ? cppPoolNotReady(pool, state) : state == MagicState.FRESH
                    ? new Problem(Problem.Severity.WARNING, Problem.Kind.FRESH_POOL, pool, "pool " + pool + " has never "
                            + "been initialized: the arena is being created, or its creator stopped before this pool; "
                            + "the next arenagen process to open the arena initializes it.")
                    : busy(pool, liveness, initializer));
            case FOREIGN -> {
                // Refused above, unless the bytes were overwritten between the attach check's read and this one.
            }
        }
        return new PoolReport(new PoolStats(pool, size, count, 0, 0, head >>> 32, exhaustions), state, pid, namespace,
                liveness, true, false);
    }

    private static Problem busy(int pool, Liveness liveness, String initializer) {
        return liveness == Liveness.DEAD
                ? new Problem(Problem.Severity.WARNING, Problem.Kind.BUSY_DEAD_INITIALIZER, pool, "pool " + pool
                        + " is still being initialized, but its initializer (" + initializer + ") no longer exists: "
                        + "the next arenagen process to open the arena takes the pool over and initializes it; a C++ "
                        + "process does not, so remove the object (SharedMemory.unlink) if C++ uses it.")
                : new Problem(Problem.Severity.WARNING, Problem.Kind.BUSY, pool, "pool " + pool + " is being "
                        + "initialized by " + initializer + " (" + describe(liveness) + "): look again in a moment.");
    }

    /** A fresh or busy pool behind a pool 0 that the C++ library initialized. */
    private static Problem cppPoolNotReady(int pool, MagicState state) {
        return new Problem(Problem.Severity.ERROR, Problem.Kind.CPP_POOL_NOT_READY, pool, "pool " + pool + " is "
                + (state == MagicState.FRESH ? "not initialized" : "being initialized") + ", but pool 0 was initialized "
                + "by the C++ library (no layout descriptor), whose constructor initializes every pool before it "
                + "returns. arenagen never initializes the pools of a C++-made object: an arena opening it waits for "
                + "the C++ creator and refuses it after its init timeout. The bytes cannot tell whether the C++ "
                + "creator is still at work (look again in a moment), died mid-way (remove the object once no "
                + "process uses it), or the object was created with another count or sizes than those given, so that "
                + "pool " + pool + " does not lie where it is looked for (give those).");
    }

    private static Problem exhausted(int pool, long size, long count, long exhaustions, Liveness liveness,
                                     String initializer) {
        return new Problem(Problem.Severity.WARNING, Problem.Kind.EXHAUSTED, pool, "pool " + pool + " (" + size
                + " B) is exhausted: all " + count + " chunks are in use, so requests of this size are promoted to a "
                + "larger pool or fail (" + exhaustions + (exhaustions == 1 ? " request" : " requests") + " found it "
                + "empty so far). The object cannot tell chunks "
                + "held by running processes from chunks leaked by processes that died (no owner is recorded per "
                + "chunk)" + (liveness == Liveness.DEAD ? "; its initializer (" + initializer + ") is dead, so if "
                + "no process uses the arena any more, the chunks are leaked: remove the object once no process maps "
                + "it (arena-inspect NAME --unlink) and let the next process create it again." : "."));
    }

    private static Problem.Kind kind(AttachRefusal.Reason reason) {
        return switch (reason) {
            case FOREIGN_MAGIC -> Problem.Kind.FOREIGN_MAGIC;
            case FOREIGN_HEADER -> Problem.Kind.FOREIGN_HEADER;
            case FOREIGN_TAG -> Problem.Kind.FOREIGN_DESCRIPTOR;
            case OTHER_VERSION -> Problem.Kind.LAYOUT_VERSION;
            case OTHER_CONFIGURATION -> Problem.Kind.DESCRIPTOR_MISMATCH;
            case FREE_LIST_INDEX_OUT_OF_RANGE -> Problem.Kind.INDEX_OUT_OF_RANGE;
            case FREE_LIST_CYCLE -> Problem.Kind.CYCLE;
        };
    }

    private static String describe(Liveness liveness) {
        return switch (liveness) {
            case ALIVE -> "alive";
            case DEAD -> "dead";
            case OTHER_NAMESPACE -> "in another pid namespace, cannot be probed from here";
            case NOT_RECORDED -> "not recorded";
        };
    }
}

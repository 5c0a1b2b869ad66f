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

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads an arena's shared object without joining its traffic and without writing to it (see
 * {@link ReadOnlyMapping}) and turns what it finds into an {@link ArenaReport}. Use it through
 * {@link io.arenagen.runtime.SharedMemory#inspect(String)}.
 *
 * <p>The configuration comes from the layout descriptors that arenagen writes into every pool header.
 * An object created by the C++ library has none, so its configuration must be given, and is accepted
 * only if it accounts for the object's size exactly.
 */
public final class ArenaInspector {

    private static final VarHandle LONG = LittleEndian.LONG;
    /** Walks of a free list before one that never held still is reported unsettled. */
    private static final int WALK_ATTEMPTS = 8;

    private ArenaInspector() {
    }

    /**
     * Inspects {@code name}, whose configuration {@code given} is used when it carries no layout
     * descriptor; with a descriptor, {@code given} must equal it.
     *
     * @throws IllegalArgumentException if the object has no descriptor and {@code given} is empty, if
     *     {@code given} needs another object size, or if it differs from the descriptor
     * @throws ArenaException if the object cannot be opened or mapped for reading
     */
    public static ArenaReport inspect(String name, Optional<ArenaLayout> given) {
        try (ReadOnlyMapping mapping = ReadOnlyMapping.open(name)) {
            MemorySegment memory = mapping.segment();
            Libc.FileStatus status = mapping.status();
            Optional<ArenaLayout> recorded = LayoutDescriptor.read(memory);
            ArenaLayout layout = recorded.or(() -> given).orElseThrow(() -> new IllegalArgumentException(
                    "shared object " + name + " (" + memory.byteSize() + " bytes) carries no layout descriptor: it "
                            + "was created by the C++ library, by an older or damaged arena, or is not an arena. Give "
                            + "the count and sizes it was created with (arena-inspect " + name
                            + " --count N --sizes a,b,c; SharedMemory.inspect(name, count, sizes...))."));
            List<Problem> problems = new ArrayList<>();
            if (recorded.isPresent() && given.isPresent() && !recorded.get().equals(given.get())) {
                throw new IllegalArgumentException("shared object " + name + " was created with "
                        + recorded.get().describe() + ", not " + given.get().describe() + " as given: leave out "
                        + "--count and --sizes, which only objects without a layout descriptor need.");
            }
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
            objectProblems(name, status, problems);
            List<PoolReport> pools = new ArrayList<>();
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                pools.add(pool(memory, layout, pool, problems));
            }
            problems.sort(Comparator.comparing(Problem::severity).reversed().thenComparingInt(Problem::pool));
            return new ArenaReport(name, Instant.now(), memory.byteSize(), status.uid(), status.mode(), layout,
                    recorded.isPresent(), pools, problems);
        }
    }

    private static void objectProblems(String name, Libc.FileStatus status, List<Problem> problems) {
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

    private static PoolReport pool(MemorySegment memory, ArenaLayout layout, int pool, List<Problem> problems) {
        long base = layout.poolOffset(pool);
        long count = layout.count();
        long size = layout.chunkSize(pool);
        long magic = (long) LONG.getAcquire(memory, base + PoolHeader.MAGIC_OFFSET);
        long pid = (long) LONG.getVolatile(memory, base + PoolHeader.INITIALIZER_PID_OFFSET);
        long namespace = (long) LONG.getVolatile(memory, base + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET);
        long exhaustions = (long) LONG.getOpaque(memory, base + PoolHeader.EXHAUSTIONS_OFFSET);
        Liveness liveness = Liveness.of(pid, namespace);
        MagicState state = MagicState.of(magic);
        String initializer = pid > 0 ? "pid " + pid : "no recorded pid";
        switch (state) {
            case READY -> {
                FreeListWalk walk = FreeListWalk.walk(memory, layout.headOffset(pool), layout.chunksOffset(pool),
                        layout.chunkShift(pool), count, WALK_ATTEMPTS);
                if (walk.settled() && !walk.sound()) {
                    Problem.Kind kind = walk.fault() == FreeListWalk.Fault.CYCLE
                            ? Problem.Kind.CYCLE : Problem.Kind.INDEX_OUT_OF_RANGE;
                    String consequence = kind == Problem.Kind.CYCLE
                            ? "Processes attached now may hand out a chunk twice"
                            : "The allocation that reaches it throws ArenaException";
                    problems.add(new Problem(Problem.Severity.ERROR, kind, pool, "pool " + pool + " (" + size
                            + " B): " + walk.description() + ". " + consequence + ", and new processes refuse to attach; "
                            + "stop the processes that use the arena and remove the object (SharedMemory.unlink)."));
                }
                long free = walk.free();
                return new PoolReport(new PoolStats(pool, size, count, free, count - free, walk.head() >>> 32,
                        exhaustions), state, pid, namespace, liveness, walk.settled());
            }
            case BUSY -> problems.add(liveness == Liveness.DEAD
                    ? new Problem(Problem.Severity.ERROR, Problem.Kind.BUSY_DEAD_INITIALIZER, pool, "pool " + pool
                            + " is still being initialized, but its initializer (" + initializer + ") no longer "
                            + "exists: the next arenagen process to open the arena takes the pool over; a C++ "
                            + "process does not, so remove the object (SharedMemory.unlink) if C++ uses it.")
                    : new Problem(Problem.Severity.WARNING, Problem.Kind.BUSY, pool, "pool " + pool + " is being "
                            + "initialized by " + initializer + " (" + describe(liveness) + "): look again in a moment."));
            case FRESH -> problems.add(new Problem(Problem.Severity.WARNING, Problem.Kind.FRESH_POOL, pool, "pool "
                    + pool + " has never been initialized: the arena is being created, or its creator stopped "
                    + "before this pool; the next process to open the arena initializes it."));
            case FOREIGN -> problems.add(new Problem(Problem.Severity.ERROR, Problem.Kind.FOREIGN_MAGIC, pool, "pool "
                    + pool + " has magic 0x" + Long.toHexString(magic) + ", neither fresh, busy nor ready: these are "
                    + "foreign bytes, and every arena refuses them. Remove the object if it is stale, or pick "
                    + "another name."));
        }
        long head = (long) LONG.getAcquire(memory, layout.headOffset(pool));
        return new PoolReport(new PoolStats(pool, size, count, 0, 0, head >>> 32, exhaustions), state, pid, namespace,
                liveness, true);
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

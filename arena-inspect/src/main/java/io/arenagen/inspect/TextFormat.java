package io.arenagen.inspect;

import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.inspect.Liveness;
import io.arenagen.runtime.inspect.ObjectReport;
import io.arenagen.runtime.inspect.OwnersReport;
import io.arenagen.runtime.inspect.PoolReport;
import io.arenagen.runtime.inspect.Problem;
import io.arenagen.runtime.inspect.QueueReport;
import io.arenagen.runtime.queue.RingLayout;

import java.util.List;
import java.util.Locale;

/**
 * An {@link ArenaReport} as a table for people: one header block, one row per pool, then the problems; a
 * {@link QueueReport} as a header block, its positions and counters, then the problems.
 */
final class TextFormat {

    private TextFormat() {
    }

    static String format(ObjectReport report) {
        return switch (report) {
            case ArenaReport arena -> format(arena);
            case QueueReport queue -> format(queue);
        };
    }

    /** A queue: its configuration, positions and counters on a few lines, then the problems. */
    static String format(QueueReport report) {
        StringBuilder out = new StringBuilder();
        RingLayout layout = report.layout();
        out.append("queue ").append(report.name()).append(": ").append(report.objectSize()).append(" bytes, uid ")
                .append(report.ownerUid()).append(", mode 0").append(Integer.toOctalString(report.mode()))
                .append(", read at ").append(report.takenAt()).append('\n');
        out.append("configuration: ").append(layout.describe()).append(", slots of ").append(layout.slotSize())
                .append(report.fromDescriptor() ? " B (from the queue descriptor)\n" : " B (given; no queue descriptor)\n");
        out.append("initializer: ").append(initializer(report.initializer(), report.initializerPid()));
        if (report.initializerPidNamespace() != 0) {
            out.append(", pid namespace ").append(report.initializerPidNamespace());
        }
        out.append('\n');
        out.append("state: ").append(report.magic().name().toLowerCase(Locale.ROOT)).append('\n');
        out.append(String.format(Locale.ROOT, "pending %d of %d (head %d, tail %d)%n", report.pending(),
                layout.capacity(), report.head(), report.tail()));
        out.append(String.format(Locale.ROOT, "fulls %d, stalls %d, skipped %d, stalled slot %s%n", report.fulls(),
                report.stalls(), report.skipped(), report.stalledPosition() < 0 ? "none"
                        : "at position " + report.stalledPosition()));
        problems(out, report.problems());
        return out.toString();
    }

    static String format(ArenaReport report) {
        StringBuilder out = new StringBuilder();
        out.append("arena ").append(report.name()).append(": ").append(report.objectSize()).append(" bytes, uid ")
                .append(report.ownerUid()).append(", mode 0").append(Integer.toOctalString(report.mode()))
                .append(", read at ").append(report.takenAt()).append('\n');
        out.append("configuration: ").append(report.layout().describe())
                .append(report.fromDescriptor() ? " (from the layout descriptor)" : " (given; no layout descriptor)")
                .append('\n');
        PoolReport first = report.pools().getFirst();
        out.append("initializer: ").append(initializer(first));
        if (first.initializerPidNamespace() != 0) {
            out.append(", pid namespace ").append(first.initializerPidNamespace());
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "%4s %8s %10s %10s %10s %11s %11s  %-7s %s%n", "pool", "chunk",
                "capacity", "free", "in use", "operations", "exhaustions", "state", "initializer"));
        for (PoolReport pool : report.pools()) {
            PoolStats s = pool.stats();
            boolean walked = pool.counted();
            out.append(String.format(Locale.ROOT, "%4d %8d %10d %10s %10s %11d %11d  %-7s %s%n", s.pool(),
                    s.chunkSize(), s.capacity(), walked ? approximate(s.free(), pool) : "?",
                    walked ? approximate(s.inUse(), pool) : "?", s.operations(), s.exhaustions(),
                    pool.magic().name().toLowerCase(Locale.ROOT), initializer(pool)));
        }
        report.owners().ifPresent(owners -> owners(out, owners));
        problems(out, report.problems());
        return out.toString();
    }

    /** The reclamation companion: totals on one line, then one row per slot in use. */
    private static void owners(StringBuilder out, OwnersReport owners) {
        out.append(String.format(Locale.ROOT, "owners %s: %d slots in use, %d chunks held by dead processes, %d in "
                + "transit, %d lost mid-reclaim, %d in use unrecorded%n", owners.name(), owners.slots().size(),
                owners.heldByDead(), owners.inTransit(), owners.lostMidReclaim(), owners.unrecordedInUse()));
        if (!owners.slots().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%6s %-6s %10s %14s %10s %10s%n", "slot", "state", "pid",
                    "pid namespace", "generation", "chunks"));
            for (OwnersReport.SlotReport slot : owners.slots()) {
                out.append(String.format(Locale.ROOT, "%6d %-6s %10d %14d %10d %10d%n", slot.slot(),
                        slot.alive() ? "alive" : "dead", slot.pid(), slot.pidNamespace(), slot.generation(),
                        slot.chunks()));
            }
        }
    }

    private static void problems(StringBuilder out, List<Problem> problems) {
        if (problems.isEmpty()) {
            out.append("problems: none\n");
        } else {
            out.append("problems:\n");
            for (Problem problem : problems) {
                out.append("  ").append(problem.severity()).append(' ').append(problem.kind()).append(": ")
                        .append(problem.message()).append('\n');
            }
        }
    }

    /** A number that a walk of a pool that never held still counted, marked with {@code ~}. */
    private static String approximate(long value, PoolReport pool) {
        return pool.settled() ? Long.toString(value) : "~" + value;
    }

    private static String initializer(PoolReport pool) {
        return initializer(pool.initializer(), pool.initializerPid());
    }

    private static String initializer(Liveness liveness, long pid) {
        return switch (liveness) {
            case NOT_RECORDED -> "none recorded (C++)";
            case ALIVE -> "pid " + pid + " (alive)";
            case DEAD -> "pid " + pid + " (dead)";
            case OTHER_NAMESPACE -> "pid " + pid + " (other pid namespace)";
        };
    }
}

package io.arenagen.inspect;

import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.inspect.PoolReport;
import io.arenagen.runtime.inspect.Problem;

import java.util.Locale;

/** An {@link ArenaReport} as a table for people: one header block, one row per pool, then the problems. */
final class TextFormat {

    private TextFormat() {
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
        if (report.problems().isEmpty()) {
            out.append("problems: none\n");
        } else {
            out.append("problems:\n");
            for (Problem problem : report.problems()) {
                out.append("  ").append(problem.severity()).append(' ').append(problem.kind()).append(": ")
                        .append(problem.message()).append('\n');
            }
        }
        return out.toString();
    }

    /** A number that a walk of a pool that never held still counted, marked with {@code ~}. */
    private static String approximate(long value, PoolReport pool) {
        return pool.settled() ? Long.toString(value) : "~" + value;
    }

    private static String initializer(PoolReport pool) {
        return switch (pool.initializer()) {
            case NOT_RECORDED -> "none recorded (C++)";
            case ALIVE -> "pid " + pool.initializerPid() + " (alive)";
            case DEAD -> "pid " + pool.initializerPid() + " (dead)";
            case OTHER_NAMESPACE -> "pid " + pool.initializerPid() + " (other pid namespace)";
        };
    }
}

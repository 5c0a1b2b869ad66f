package io.arenagen.inspect;

import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.inspect.ObjectReport;
import io.arenagen.runtime.inspect.OwnersReport;
import io.arenagen.runtime.inspect.PoolReport;
import io.arenagen.runtime.inspect.Problem;
import io.arenagen.runtime.inspect.QueueReport;
import io.arenagen.runtime.queue.RingLayout;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An {@link ArenaReport} or a {@link QueueReport} as one line of JSON, for scripts and monitoring (with {@code --watch}, one
 * line per report: JSON Lines). Written by hand: the command needs no JSON library for so few fields.
 * Numbers are JSON numbers; enum values lower case. Every field is explained in {@link Arguments#USAGE}.
 */
final class JsonFormat {

    private JsonFormat() {
    }

    static String format(ObjectReport report) {
        return switch (report) {
            case ArenaReport arena -> format(arena);
            case QueueReport queue -> format(queue);
        };
    }

    /** A queue: {@code "kind":"queue"} and its fields (an arena's report has {@code "kind":"arena"}). */
    static String format(QueueReport report) {
        RingLayout layout = report.layout();
        StringBuilder out = new StringBuilder("{");
        field(out, "name", string(report.name())).append(',');
        field(out, "kind", string("queue")).append(',');
        field(out, "takenAt", string(report.takenAt().toString())).append(',');
        field(out, "objectSize", report.objectSize()).append(',');
        field(out, "ownerUid", report.ownerUid()).append(',');
        field(out, "mode", string("0" + Integer.toOctalString(report.mode()))).append(',');
        field(out, "policy", string(lower(layout.policy()))).append(',');
        field(out, "capacity", layout.capacity()).append(',');
        field(out, "elementSize", layout.elementSize()).append(',');
        field(out, "elementAlignment", layout.elementAlignment()).append(',');
        field(out, "slotSize", layout.slotSize()).append(',');
        field(out, "fromDescriptor", report.fromDescriptor()).append(',');
        field(out, "state", string(lower(report.magic()))).append(',');
        field(out, "head", report.head()).append(',');
        field(out, "tail", report.tail()).append(',');
        field(out, "pending", report.pending()).append(',');
        field(out, "fulls", report.fulls()).append(',');
        field(out, "stalls", report.stalls()).append(',');
        field(out, "skipped", report.skipped()).append(',');
        field(out, "stalledPosition", report.stalledPosition()).append(',');
        field(out, "initializerPid", report.initializerPid()).append(',');
        field(out, "initializerPidNamespace", report.initializerPidNamespace()).append(',');
        field(out, "initializer", string(lower(report.initializer()))).append(',');
        field(out, "problems", array(report.problems(), JsonFormat::problem)).append(',');
        field(out, "errors", report.hasErrors());
        return out.append('}').toString();
    }

    static String format(ArenaReport report) {
        StringBuilder out = new StringBuilder("{");
        field(out, "name", string(report.name())).append(',');
        field(out, "kind", string("arena")).append(',');
        field(out, "takenAt", string(report.takenAt().toString())).append(',');
        field(out, "objectSize", report.objectSize()).append(',');
        field(out, "ownerUid", report.ownerUid()).append(',');
        field(out, "mode", string("0" + Integer.toOctalString(report.mode()))).append(',');
        field(out, "count", report.layout().count()).append(',');
        field(out, "sizes", array(boxed(report.layout().sizes()), String::valueOf)).append(',');
        field(out, "fromDescriptor", report.fromDescriptor()).append(',');
        field(out, "pools", array(report.pools(), JsonFormat::pool)).append(',');
        field(out, "owners", report.owners().map(JsonFormat::owners).orElse("null")).append(',');
        field(out, "problems", array(report.problems(), JsonFormat::problem)).append(',');
        field(out, "errors", report.hasErrors());
        return out.append('}').toString();
    }

    private static String pool(PoolReport pool) {
        PoolStats s = pool.stats();
        StringBuilder out = new StringBuilder("{");
        field(out, "pool", s.pool()).append(',');
        field(out, "chunkSize", s.chunkSize()).append(',');
        field(out, "capacity", s.capacity()).append(',');
        field(out, "free", s.free()).append(',');
        field(out, "inUse", s.inUse()).append(',');
        field(out, "operations", s.operations()).append(',');
        field(out, "exhaustions", s.exhaustions()).append(',');
        field(out, "state", string(lower(pool.magic()))).append(',');
        field(out, "counted", pool.counted()).append(',');
        field(out, "settled", pool.settled()).append(',');
        field(out, "initializerPid", pool.initializerPid()).append(',');
        field(out, "initializerPidNamespace", pool.initializerPidNamespace()).append(',');
        field(out, "initializer", string(lower(pool.initializer())));
        return out.append('}').toString();
    }

    private static String owners(OwnersReport owners) {
        StringBuilder out = new StringBuilder("{");
        field(out, "name", string(owners.name())).append(',');
        field(out, "inTransit", owners.inTransit()).append(',');
        field(out, "heldByDead", owners.heldByDead()).append(',');
        field(out, "lostMidReclaim", owners.lostMidReclaim()).append(',');
        field(out, "unrecordedInUse", owners.unrecordedInUse()).append(',');
        field(out, "slots", array(owners.slots(), JsonFormat::slot));
        return out.append('}').toString();
    }

    private static String slot(OwnersReport.SlotReport slot) {
        StringBuilder out = new StringBuilder("{");
        field(out, "slot", slot.slot()).append(',');
        field(out, "alive", slot.alive()).append(',');
        field(out, "pid", slot.pid()).append(',');
        field(out, "pidNamespace", slot.pidNamespace()).append(',');
        field(out, "generation", slot.generation()).append(',');
        field(out, "chunks", slot.chunks());
        return out.append('}').toString();
    }

    private static String problem(Problem problem) {
        StringBuilder out = new StringBuilder("{");
        field(out, "severity", string(lower(problem.severity()))).append(',');
        field(out, "kind", string(lower(problem.kind()))).append(',');
        field(out, "pool", problem.pool()).append(',');
        field(out, "message", string(problem.message()));
        return out.append('}').toString();
    }

    private static StringBuilder field(StringBuilder out, String key, Object value) {
        return out.append(string(key)).append(':').append(value);
    }

    private static <T> String array(List<T> items, Function<T, String> item) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ",").append(item.apply(items.get(i)));
        }
        return out.append(']').toString();
    }

    private static List<Long> boxed(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** {@code value} as a JSON string: quotes, backslashes and control characters escaped. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

package io.arenagen.runtime.inspect;

import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.queue.RingHeader;
import io.arenagen.runtime.queue.RingLayout;
import io.arenagen.runtime.queue.RingReader;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a queue object that carries arenagen's queue descriptor, over the read-only mapping the arena
 * inspection uses: nothing is written. Head and tail are checked before any slot is read on their
 * account, and the only slot read is the tail's, at {@code slots + (tail & mask) × slotSize}.
 */
final class QueueInspector {

    private static final VarHandle LONG = LittleEndian.LONG;

    private QueueInspector() {
    }

    static QueueReport read(String name, MemorySegment memory, Libc.FileStatus status, RingLayout layout,
                            boolean fromDescriptor) {
        List<Problem> problems = new ArrayList<>();
        long expectedSize = layout.mappedSize(Libc.pageSize());
        boolean sized = memory.byteSize() == expectedSize;
        if (!sized) {
            problems.add(new Problem(Problem.Severity.ERROR, Problem.Kind.SIZE_MISMATCH, -1, "the object is "
                    + memory.byteSize() + " bytes, but its queue descriptor (" + layout.describe() + ") needs "
                    + expectedSize + ": it was resized or overwritten; no queue will open it, and its slots are "
                    + "not read."));
        }
        ArenaInspector.objectProblems(status, problems);
        long magic = (long) LONG.getAcquire(memory, RingHeader.MAGIC_OFFSET); // the magic word opens the queue
        long pid = (long) LONG.getVolatile(memory, RingHeader.INITIALIZER_PID_OFFSET);
        long namespace = (long) LONG.getVolatile(memory, RingHeader.INITIALIZER_PID_NAMESPACE_OFFSET);
        // Tail before head, both acquire, as the queue reads them: a consumer moving on in between can
        // only make pending look larger, never make tail pass head.
        long tail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
        long fulls = (long) LONG.getOpaque(memory, RingHeader.FULLS_OFFSET);
        long stalls = (long) LONG.getOpaque(memory, RingHeader.STALLS_OFFSET);
        long skipped = (long) LONG.getOpaque(memory, RingHeader.SKIPPED_OFFSET);
        Liveness liveness = Liveness.of(pid, namespace);
        MagicState state = MagicState.of(magic);
        String initializer = pid > 0 ? "pid " + pid : "no recorded pid";
        long distance = head - tail;
        boolean positioned = distance >= 0 && distance <= layout.capacity();
        long stalled = -1;
        switch (state) {
            case READY -> {
                if (!positioned) {
                    problems.add(new Problem(Problem.Severity.ERROR, Problem.Kind.POSITIONS_OUT_OF_RANGE, -1,
                            "head " + head + " and tail " + tail + " are not a queue's (" + layout.describe()
                            + "): head is never behind tail nor more than " + layout.capacity() + " ahead. They "
                            + "were crafted or overwritten; every queue opening the object refuses it, and no slot "
                            + "was read. Remove it (LongRings.unlink) once no process uses it."));
                } else if (sized) {
                    stalled = RingReader.stalledPosition(memory, layout);
                    if (stalled >= 0) {
                        problems.add(stalledSlot(layout, stalled, liveness, initializer));
                    }
                }
            }
            case FRESH, BUSY -> problems.add(new Problem(Problem.Severity.WARNING, Problem.Kind.QUEUE_NOT_READY, -1,
                    state == MagicState.FRESH ? "the queue has never been initialized: it is being created, or "
                            + "its creator stopped; the next process to open it initializes it."
                    : "the queue is being initialized by " + initializer + " (" + describe(liveness) + ")"
                            + (liveness == Liveness.DEAD ? ": the next arenagen process to open it takes it over."
                            : ": look again in a moment.")));
            case FOREIGN -> problems.add(new Problem(Problem.Severity.ERROR, Problem.Kind.FOREIGN_MAGIC, -1,
                    "magic 0x" + Long.toHexString(magic) + " is none of a queue's (0, all ones, 0x"
                            + Long.toHexString(RingHeader.MAGIC_READY) + "): foreign bytes; every queue refuses "
                            + "the object."));
        }
        problems.sort(Comparator.comparing(Problem::severity).reversed());
        return new QueueReport(name, Instant.now(), memory.byteSize(), status.uid(), status.mode(), layout,
                fromDescriptor, state, pid, namespace, liveness, head, tail, Math.clamp(distance, 0, layout.capacity()),
                fulls, stalls, skipped, stalled, problems);
    }

    private static Problem stalledSlot(RingLayout layout, long position, Liveness liveness, String initializer) {
        return new Problem(Problem.Severity.WARNING, Problem.Kind.STALLED_SLOT, -1, "position " + position
                + " (slot " + (position & layout.mask()) + ") was claimed by a producer but not published: "
                + "consumers stop there, and its bounded waits count as stalls. A slow producer publishes it in a "
                + "moment: look again. A producer that died between claiming and publishing never will: once it is "
                + "known dead (the queue does not record which producer claimed a slot; the initializer, "
                + initializer + ", is " + describe(liveness) + "), a consumer calls LongRing.skipStalled("
                + position + ") to step over the slot (counted as skipped; its element is lost).");
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

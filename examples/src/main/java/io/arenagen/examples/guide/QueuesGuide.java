package io.arenagen.examples.guide;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.LongRings;
import io.arenagen.runtime.queue.RingPolicy;

import java.io.PrintStream;

/**
 * The code of docs/queues.md, compiled and run (ExamplesTest): a generated queue and run-time ones, on objects
 * named after {@code name} (the test's unique name) rather than the page's {@code /offsets}.
 */
public final class QueuesGuide {

    private QueuesGuide() {
    }

    /** Offers and polls through a generated queue and run-time ones, then unlinks every object it made. */
    public static void run(PrintStream out, String name) {
        try (OrderArena arena = new OrderArenaImpl()) {
            declared(out, arena, name + "-declared");
        } finally {
            LongRings.unlink(name + "-declared");
        }
        try {
            configured(out, name + "-mpsc", name + "-cpp");
        } finally {
            LongRings.unlink(name + "-mpsc");
            LongRings.unlink(name + "-cpp");
        }
    }

    private static void declared(PrintStream out, SlabAllocator arena, String name) {
        try (Offsets queue = new OffsetsImpl(name)) {             // creates the object, or attaches to it
            long chunk = arena.allocateOffset(64);
            if (!queue.offer(chunk)) { /* full */ }
            long next = queue.poll(-1);                            // -1: nothing to poll (offsets are never negative)
            out.println("  offered " + chunk + ", polled " + next + ", " + queue.size() + " left");
            long stalled = queue.stalledPosition();
            if (stalled >= 0 && producerIsGone()) {           // e.g. the process that owned it exited
                queue.skipStalled(stalled);
            }
            out.println("  stalled position " + stalled);
        }
    }

    private static void configured(PrintStream out, String name, String cppName) {
        try (LongRing queue = LongRings.shared(name, RingPolicy.MPSC, 1024);
             LongRing local = LongRings.local(RingPolicy.SPSC, 256);
             LongRing cxx = LongRings.shared(cppName, ShmOptions.defaults().withPermissions(0644), RingPolicy.MPMC, 64)) {
            local.offer(7);
            out.println("  capacities " + queue.capacity() + ", " + local.capacity() + ", " + cxx.capacity()
                    + "; local polled " + local.poll(-1));
        }
    }

    /** Whether the producer of a stalled slot is known to be dead: in this one-process example, never. */
    private static boolean producerIsGone() {
        return false;
    }
}

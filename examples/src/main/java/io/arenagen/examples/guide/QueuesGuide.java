package io.arenagen.examples.guide;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.LongRings;
import io.arenagen.runtime.queue.RingPolicy;
import io.arenagen.runtime.queue.StructRing;
import io.arenagen.runtime.queue.StructRings;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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
        try (Arena buffers = Arena.ofConfined()) {
            structs(out, name + "-orders", new Order(7, true, 'B', 1.5, new byte[8], new Price(1234, (byte) 2)));
            configuredStructs(out, name + "-structs", buffers.allocate(OrderStruct.LAYOUT),
                    buffers.allocate(OrderStruct.LAYOUT));
        } finally {
            StructRings.unlink(name + "-orders");
            StructRings.unlink(name + "-structs");
        }
    }

    private static void structs(PrintStream out, String name, Order order) {
        try (OrderQueue queue = new OrderQueueImpl(name)) {
            long at = queue.claim();                                 // -1: full
            if (at >= 0) {
                OrderStruct.setId(queue.memory(), at, 42);           // write in place, field by field
                OrderStruct.setQty(queue.memory(), at, 2.5);
                queue.commit(at);                                    // publish it (a release store)
            }
            long next = queue.peek();                                // -1: nothing to read
            if (next >= 0) {
                int id = OrderStruct.getId(queue.memory(), next);    // read in place
                queue.release(next);                                 // hand the slot back
                out.println("  in place: order " + id);
            }
            queue.offer(order);                                      // or copy whole records in and out
            Order polled = queue.poll();                             // allocates the record; null if empty
            out.println("  copied: order " + polled.id() + ", " + queue.size() + " left");
        }
    }

    private static void configuredStructs(PrintStream out, String name, MemorySegment source, MemorySegment target) {
        try (StructRing ring = StructRings.shared(name, RingPolicy.MPSC, 1024, OrderStruct.BYTES,
                OrderStruct.ALIGNMENT)) {
            ring.offer(source, 0);                   // copies OrderStruct.BYTES bytes from source
            ring.poll(target, 0);                    // and into target
            out.println("  run-time struct ring: " + ring.layout().slotSize() + "-byte slots, " + ring.size() + " left");
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

package io.arenagen.runtime.queue;

import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link CrossProcessRingTest}: {@code produce <name> <policy> <capacity> <producer> <count>}
 * offers the stamps of {@link RingLedger} and prints {@code produced <count>};
 * {@code claim <name> <policy> <capacity>} offers one value, claims the next slot exactly as a producer does
 * (a CAS of head) and prints {@code claimed <position>}, then sleeps until it is killed;
 * {@code produce-struct <name> <policy> <capacity> <producer> <count> <bytes> <alignment>} offers the stamps as
 * {@link StructStamps} elements of a struct ring, alternating in-place claims and copying offers.
 */
public final class RingChildMain {

    private RingChildMain() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        RingPolicy policy = RingPolicy.valueOf(args[2]);
        long capacity = Long.parseLong(args[3]);
        if (args[0].equals("produce-struct")) {
            produceStructs(args[1], policy, capacity, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Long.parseLong(args[6]), Long.parseLong(args[7]));
            return;
        }
        try (LongRing ring = LongRings.shared(args[1], policy, capacity)) {
            System.out.println("attached");
            if (args[0].equals("produce")) {
                int producer = Integer.parseInt(args[4]);
                int count = Integer.parseInt(args[5]);
                for (int i = 0; i < count; i++) {
                    if (!ring.offer(RingLedger.stamp(producer, i), TimeUnit.SECONDS.toNanos(30), IdleStrategy.BACKOFF)) {
                        System.out.println("full for 30 s at " + i);
                        System.exit(3);
                    }
                }
                System.out.println("produced " + count);
            } else {
                ring.offer(1);
                VarHandle word = LittleEndian.LONG;
                MemorySegment memory = ((AbstractLongRing) ring).memory;
                long head = (long) word.getAcquire(memory, RingHeader.HEAD_OFFSET);
                while (!word.compareAndSet(memory, RingHeader.HEAD_OFFSET, head, head + 1)) {
                    head = (long) word.getAcquire(memory, RingHeader.HEAD_OFFSET);
                }
                System.out.println("claimed " + head);
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            }
        }
    }

    private static void produceStructs(String name, RingPolicy policy, long capacity, int producer, int count,
                                       long bytes, long alignment) {
        try (StructRing ring = StructRings.shared(name, policy, capacity, bytes, alignment)) {
            System.out.println("attached");
            int produced = StructStamps.produce(ring, producer, count, TimeUnit.SECONDS.toNanos(30));
            if (produced < count) {
                System.out.println("full for 30 s at " + produced);
                System.exit(3);
            }
            System.out.println("produced " + count);
        }
    }
}

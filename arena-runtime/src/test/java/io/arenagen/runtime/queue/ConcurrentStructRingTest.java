package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Threads of one process on struct rings, bounded in count and time: producers alternate in-place claim/commit
 * with copying offers, consumers alternate in-place peek/release with copying polls; every element arrives
 * exactly once, untorn ({@link StructStamps}) and in order per producer, on small capacities so that full and
 * empty happen all the time, with element shapes whose slots are no power of two.
 */
final class ConcurrentStructRingTest {

    private static final int PER_PRODUCER = 30_000;
    private static final long WAIT = TimeUnit.SECONDS.toNanos(20);

    @ParameterizedTest
    @CsvSource({"SPSC, 1, 1, 40", "MPSC, 3, 1, 40", "MPSC, 2, 1, 120", "MPMC, 2, 2, 40", "MPMC, 2, 2, 128"})
    void everyElementOnceUntornAndInOrderPerProducer(RingPolicy policy, int producers, int consumers, long bytes)
            throws Exception {
        RingLedger ledger = new RingLedger(producers, PER_PRODUCER);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long total = (long) producers * PER_PRODUCER;
        try (StructRing ring = StructRings.local(policy, 8, bytes, 8)) {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> guard(failure, () ->
                        assertEquals(PER_PRODUCER, StructStamps.produce(ring, producer, PER_PRODUCER, WAIT),
                                "full for 20 s"))));
            }
            for (int c = 0; c < consumers; c++) {
                RingLedger.Consumer view = ledger.new Consumer();
                threads.add(Thread.ofPlatform().name("consumer-" + c).start(() -> guard(failure, () -> {
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment buffer = arena.allocate(bytes);
                        long deadline = System.nanoTime() + WAIT;
                        for (int round = 0; ledger.delivered() < total && failure.get() == null; round++) {
                            assertTrue(System.nanoTime() < deadline, "consumers stalled");
                            StructStamps.take(ring, buffer, (round & 1) == 0, view::accept);
                        }
                    }
                })));
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(50));
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            ledger.assertComplete();
            assertEquals(0, ring.size());
            assertEquals(total, ring.stats().polled());
        }
    }

    private static void guard(AtomicReference<Throwable> failure, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}

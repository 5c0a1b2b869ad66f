package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads of one process, bounded in count and time: every value exactly once and in order per producer,
 * with single and batch calls mixed, on small capacities so that full and empty happen all the time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ConcurrentRingTest {

    private static final int PER_PRODUCER = 50_000;
    private static final long WAIT = TimeUnit.SECONDS.toNanos(20);

    @Test
    void spsc() throws Exception {
        run(RingPolicy.SPSC, 1, 1);
    }

    @Test
    void mpsc() throws Exception {
        run(RingPolicy.MPSC, 3, 1);
    }

    @Test
    void mpmc() throws Exception {
        run(RingPolicy.MPMC, 2, 2);
    }

    private static void run(RingPolicy policy, int producers, int consumers) throws Exception {
        RingLedger ledger = new RingLedger(producers, PER_PRODUCER);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (LongRing ring = LongRings.local(policy, 16)) {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> guard(failure, () -> {
                    long[] batch = new long[5];
                    int sequence = 0;
                    while (sequence < PER_PRODUCER) {
                        if ((sequence & 1) == 0 || PER_PRODUCER - sequence < batch.length) {
                            assertTrue(ring.offer(RingLedger.stamp(producer, sequence), WAIT, IdleStrategy.BACKOFF));
                            sequence++;
                        } else {
                            for (int i = 0; i < batch.length; i++) {
                                batch[i] = RingLedger.stamp(producer, sequence + i);
                            }
                            int offered = ring.offer(batch, 0, batch.length);
                            sequence += offered;
                            if (offered == 0) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                })));
            }
            long total = (long) producers * PER_PRODUCER;
            for (int c = 0; c < consumers; c++) {
                RingLedger.Consumer view = ledger.new Consumer();
                threads.add(Thread.ofPlatform().name("consumer-" + c).start(() -> guard(failure, () -> {
                    long[] into = new long[7];
                    long deadline = System.nanoTime() + WAIT;
                    for (int round = 0; ledger.delivered() < total && failure.get() == null; round++) {
                        assertTrue(System.nanoTime() < deadline, "consumers stalled");
                        if ((round & 1) == 0) {
                            int polled = ring.poll(into, 0, into.length);
                            for (int i = 0; i < polled; i++) {
                                view.accept(into[i]);
                            }
                        } else {
                            long[] one = new long[1];
                            if (ring.poll(one, 0, 1) == 1) {
                                view.accept(one[0]);
                            }
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
            assertEquals(total, ring.stats().offered());
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

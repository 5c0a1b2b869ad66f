package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.testkit.ChildJvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Java processes on one shared queue, bounded in count and time: child JVMs produce while this process
 * consumes (MPSC: one consumer; MPMC: two), every value exactly once and in order per producer (struct elements
 * too, untorn); and a
 * producer killed with SIGKILL between claiming and publishing a slot leaves a stall that the consumer sees
 * in bounded time, counts, and skips.
 */
@Tag("stress")
final class CrossProcessRingTest {

    private static final int COUNT = 20_000;
    private static final long WAIT = TimeUnit.SECONDS.toNanos(60);

    private final UniqueShmNames names = new UniqueShmNames("xring");
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        children.forEach(ChildJvm::close);
        names.unlinkAll();
    }

    @ParameterizedTest
    @EnumSource(value = RingPolicy.class, names = {"MPSC", "MPMC"})
    void childProcessesProduceThisOneConsumes(RingPolicy policy) throws Exception {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 32)) {
            for (int p = 0; p < 2; p++) {
                children.add(ChildJvm.start(RingChildMain.class, "produce", name, policy.name(), "32",
                        Integer.toString(p), Integer.toString(COUNT)));
            }
            RingLedger ledger = new RingLedger(2, COUNT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int consumers = policy == RingPolicy.MPMC ? 2 : 1;
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                RingLedger.Consumer view = ledger.new Consumer();
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        long[] into = new long[6];
                        long deadline = System.nanoTime() + WAIT;
                        while (ledger.delivered() < 2L * COUNT && failure.get() == null) {
                            assertTrue(System.nanoTime() < deadline, "stalled");
                            int polled = ring.poll(into, 0, into.length);
                            for (int i = 0; i < polled; i++) {
                                view.accept(into[i]);
                            }
                            if (polled == 0) {
                                Thread.yield();
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(90));
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            for (ChildJvm child : children) {
                child.awaitLine("produced " + COUNT, Duration.ofSeconds(30));
                assertEquals(0, child.awaitExit(Duration.ofSeconds(30)));
            }
            ledger.assertComplete();
        }
    }

    /** Struct elements: two child JVMs produce (in place and by copy), this one consumes, untorn and once. */
    @ParameterizedTest
    @EnumSource(value = RingPolicy.class, names = {"MPSC", "MPMC"})
    void childProcessesProduceStructsThisOneConsumes(RingPolicy policy) throws Exception {
        String name = names.next();
        long bytes = 72;
        try (StructRing ring = StructRings.shared(name, policy, 16, bytes, 8);
             java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int p = 0; p < 2; p++) {
                children.add(ChildJvm.start(RingChildMain.class, "produce-struct", name, policy.name(), "16",
                        Integer.toString(p), Integer.toString(COUNT), Long.toString(bytes), "8"));
            }
            RingLedger ledger = new RingLedger(2, COUNT);
            RingLedger.Consumer view = ledger.new Consumer();
            java.lang.foreign.MemorySegment buffer = arena.allocate(bytes);
            long deadline = System.nanoTime() + WAIT;
            for (int round = 0; ledger.delivered() < 2L * COUNT; round++) {
                assertTrue(System.nanoTime() < deadline, () -> "stalled: " + ring.stats());
                StructStamps.take(ring, buffer, (round & 1) == 0, view::accept);
            }
            for (ChildJvm child : children) {
                child.awaitLine("produced " + COUNT, Duration.ofSeconds(30));
                assertEquals(0, child.awaitExit(Duration.ofSeconds(30)));
            }
            ledger.assertComplete();
        }
    }

    @ParameterizedTest
    @EnumSource(value = RingPolicy.class, names = {"MPSC", "MPMC"})
    void aProducerKilledBetweenClaimAndPublishIsSeenAndSkipped(RingPolicy policy) throws Exception {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 8)) {
            ChildJvm child = ChildJvm.start(RingChildMain.class, "claim", name, policy.name(), "8");
            children.add(child);
            long claimed = Long.parseLong(child.awaitLine("claimed ", Duration.ofSeconds(30)).substring(8));
            child.kill();
            assertTrue(ring.offer(2), "a live producer goes on after the dead slot");
            assertEquals(1, ring.poll(-1));
            long started = System.nanoTime();
            assertEquals(-1, ring.poll(-1, TimeUnit.MILLISECONDS.toNanos(50), IdleStrategy.BACKOFF));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "bounded");
            RingStats stats = ring.stats();
            assertEquals(1, stats.stalls());
            assertEquals(claimed, stats.stalledPosition());
            assertTrue(ring.skipStalled(claimed));
            assertEquals(2, ring.poll(-1));
            assertEquals(1, ring.stats().skipped());
            assertTrue(ring.isEmpty());
        }
    }
}

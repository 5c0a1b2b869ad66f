package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.UniqueShmNames;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A C++ process and Java share one named queue of struct elements. The peer ({@link QueuePeer}) declares the
 * slots as the C++ Join library's queue header does, for structs of 40 bytes, 48 bytes aligned to 16 and 128
 * bytes, and its {@code static_assert}s check them against {@link RingLayout}. Elements are stamped in every
 * word ({@link StructStamps}), so a torn copy fails on either side. Then, for every policy: C++ produces and
 * Java consumes (in place and by copy), Java produces (in place and by copy) and C++ consumes, and both produce
 * into one MPSC queue, and both produce and consume one MPMC queue, at once: every element exactly once, in
 * order per producer. Skipped when there is no {@code g++}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class StructQueueInteropTest {

    private static final ShmOptions CPP_MODE = ShmOptions.defaults().withPermissions(0644);
    private static final long STOP = -1L;
    private static final int COUNT = 10_000;
    private static final long WAIT = TimeUnit.SECONDS.toNanos(30);

    private final UniqueShmNames names = new UniqueShmNames("sqcpp");
    private final QueuePeer peers = new QueuePeer();

    @BeforeAll
    static void compilePeer() throws IOException, InterruptedException {
        QueuePeer.compile();
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        peers.destroyAll();
        names.unlinkAll();
    }

    /** C++ creates the queue (no descriptor, mode 0644) and produces while Java consumes. */
    @ParameterizedTest
    @CsvSource({"SPSC, S40", "SPSC, S48", "MPSC, S40", "MPSC, S128", "MPMC, S40", "MPMC, S48"})
    void cppProducesJavaConsumes(RingPolicy policy, QueuePeer.Shape shape) throws Exception {
        String name = names.next();
        assertEquals(List.of("ready"), peers.finish(peers.start(shape.flag(), name, lower(policy), "64", "create")));
        try (StructRing ring = StructRings.shared(name, CPP_MODE, policy, 64, shape.bytes, shape.alignment);
             Arena arena = Arena.ofConfined()) {
            Process producer = peers.start(shape.flag(), name, lower(policy), "64", "produce", "7",
                    Integer.toString(COUNT), "5");
            MemorySegment buffer = arena.allocate(shape.bytes);
            for (int i = 0; i < COUNT; i++) {
                long stamp;
                if ((i & 1) == 0) {
                    long at = ring.peek(WAIT, IdleStrategy.BACKOFF);
                    assertTrue(at >= 0, "C++ stopped producing after " + i);
                    stamp = StructStamps.read(ring.memory(), at, shape.bytes);
                    ring.release(at);
                } else {
                    assertTrue(ring.poll(buffer, 0, WAIT, IdleStrategy.BACKOFF), "C++ stopped producing after " + i);
                    stamp = StructStamps.read(buffer, 0, shape.bytes);
                }
                assertEquals(RingLedger.stamp(7, i), stamp, "one producer: strict order");
            }
            assertEquals(List.of("produced " + COUNT), peers.finish(producer));
            assertTrue(ring.isEmpty());
        }
    }

    /** Java creates the queue and produces (in place and by copy) while C++ consumes. */
    @ParameterizedTest
    @CsvSource({"SPSC, S40", "SPSC, S128", "MPSC, S40", "MPSC, S48", "MPMC, S40", "MPMC, S128"})
    void javaProducesCppConsumes(RingPolicy policy, QueuePeer.Shape shape) throws Exception {
        String name = names.next();
        try (StructRing ring = StructRings.shared(name, policy, 32, shape.bytes, shape.alignment)) {
            Process consumer = peers.start(shape.flag(), name, lower(policy), "32", "consume", Integer.toString(COUNT));
            produceFromJava(ring, 3);
            List<String> lines = peers.finish(consumer);
            assertEquals("consumed " + COUNT, lines.getLast());
            for (int i = 0; i < COUNT; i++) {
                assertEquals(RingLedger.stamp(3, i), Long.parseUnsignedLong(lines.get(i)), "position " + i);
            }
            assertTrue(ring.isEmpty());
            assertEquals(COUNT, ring.stats().polled());
        }
    }

    @Test
    void javaAndCppProduceIntoOneMpscQueueAtOnce() throws Exception {
        QueuePeer.Shape shape = QueuePeer.Shape.S48;
        String name = names.next();
        try (StructRing ring = StructRings.shared(name, RingPolicy.MPSC, 16, shape.bytes, shape.alignment);
             Arena arena = Arena.ofConfined()) {
            Process cpp = peers.start(shape.flag(), name, "mpsc", "16", "produce", "1", Integer.toString(COUNT), "3");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread java = Thread.ofPlatform().start(() -> guard(failure, () -> produceFromJava(ring, 0)));
            RingLedger ledger = new RingLedger(2, COUNT);
            RingLedger.Consumer view = ledger.new Consumer();
            MemorySegment buffer = arena.allocate(shape.bytes);
            long deadline = System.nanoTime() + WAIT;
            while (ledger.delivered() < 2L * COUNT) {
                assertTrue(System.nanoTime() < deadline && failure.get() == null, () -> "stalled: " + failure.get()
                        + "; " + ledger.delivered() + " of " + 2L * COUNT + " delivered; " + ring.stats());
                StructStamps.take(ring, buffer, false, view::accept);
            }
            java.join();
            assertEquals(List.of("produced " + COUNT), peers.finish(cpp));
            ledger.assertComplete();
        }
    }

    @Test
    void javaAndCppProduceAndConsumeOneMpmcQueueAtOnce() throws Exception {
        QueuePeer.Shape shape = QueuePeer.Shape.S40;
        String name = names.next();
        try (StructRing ring = StructRings.shared(name, RingPolicy.MPMC, 16, shape.bytes, shape.alignment);
             Arena arena = Arena.ofShared()) {
            Process cppProducer = peers.start(shape.flag(), name, "mpmc", "16", "produce", "1", Integer.toString(COUNT),
                    "1");
            Process cppConsumer = peers.start(shape.flag(), name, "mpmc", "16", "consume-until-stop");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread javaProducer = Thread.ofPlatform().start(() -> guard(failure, () -> produceFromJava(ring, 0)));
            RingLedger ledger = new RingLedger(2, COUNT);
            RingLedger.Consumer javaView = ledger.new Consumer();
            MemorySegment stop = arena.allocate(shape.bytes);
            StructStamps.write(stop, 0, shape.bytes, STOP);
            Thread javaConsumer = Thread.ofPlatform().start(() -> guard(failure, () -> {
                long deadline = System.nanoTime() + WAIT;
                while (cppConsumer.isAlive() || !ring.isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "Java consumer stalled");
                    long at = ring.peek();
                    if (at < 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    long stamp = StructStamps.read(ring.memory(), at, shape.bytes);
                    ring.release(at);
                    if (stamp == STOP) {
                        assertTrue(ring.offer(stop, 0, WAIT, IdleStrategy.BACKOFF), "the stop mark is for C++");
                    } else {
                        javaView.accept(stamp);
                    }
                }
            }));
            javaProducer.join();
            assertEquals(List.of("produced " + COUNT), peers.finish(cppProducer));
            assertTrue(ring.offer(stop, 0, WAIT, IdleStrategy.BACKOFF));
            List<String> cppLines = peers.finish(cppConsumer);
            javaConsumer.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            RingLedger.Consumer cppView = ledger.new Consumer();
            assertTrue(cppLines.getLast().startsWith("consumed "), cppLines.getLast());
            for (String line : cppLines.subList(0, cppLines.size() - 1)) {
                cppView.accept(Long.parseUnsignedLong(line));
            }
            ledger.assertComplete();
            assertTrue(ring.isEmpty());
        }
    }

    /** Offers COUNT stamps of {@code producer}, alternating in-place claims and copying offers. */
    private static void produceFromJava(StructRing ring, int producer) {
        assertEquals(COUNT, StructStamps.produce(ring, producer, COUNT, WAIT), "full for 30 s");
    }

    private static String lower(RingPolicy policy) {
        return policy.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void guard(AtomicReference<Throwable> failure, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}

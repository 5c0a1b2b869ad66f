package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.LittleEndian;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A C++ process and Java share one named queue. The peer {@code src/test/cpp/basic_queue_peer.cpp} declares
 * the queue structs as the C++ Join library's queue header does and lets the compiler place them: its
 * {@code static_assert}s fail the build if the compiler puts a field elsewhere, and the offsets it prints
 * are {@code offsetof}/{@code sizeof} values, compared here with {@link RingLayout}. Then C++ produces and
 * Java consumes, Java produces and C++ consumes, and both produce (MPSC) or both produce and both consume
 * (MPMC) at once: every value exactly once, in order per producer. Skipped when there is no {@code g++}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class QueueInteropTest {

    /** The C++ library creates objects 0644; Java attaches to them only when asked for that mode. */
    private static final ShmOptions CPP_MODE = ShmOptions.defaults().withPermissions(0644);
    private static final long STOP = -1L;
    private static final int COUNT = 20_000;
    private static final long WAIT = TimeUnit.SECONDS.toNanos(30);

    private final UniqueShmNames names = new UniqueShmNames("qcpp");
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

    @Test
    void theCompilerPlacesTheFieldsWhereRingLayoutDoes() throws Exception {
        List<String> lines = finish(start("layout"));
        RingLayout spsc = RingLayout.ofLongs(RingPolicy.SPSC, 2);
        RingLayout mpsc = RingLayout.ofLongs(RingPolicy.MPSC, 2);
        assertEquals(List.of(
                "head " + RingHeader.HEAD_OFFSET,
                "tail " + RingHeader.TAIL_OFFSET,
                "slots " + spsc.slotOffset(0) + " " + mpsc.slotOffset(0),
                "light " + spsc.slotSize(),
                "full " + mpsc.slotSize() + " data " + mpsc.dataOffset(),
                "s56 " + RingLayout.of(RingPolicy.MPMC, 2, 56, 8).slotSize()
                        + " s64 " + RingLayout.of(RingPolicy.MPMC, 2, 64, 8).slotSize()
                        + " s24 " + RingLayout.of(RingPolicy.SPSC, 2, 24, 8).slotSize(),
                "s48a16 " + RingLayout.of(RingPolicy.MPSC, 2, 48, 16).slotSize()
                        + " data " + RingLayout.of(RingPolicy.MPSC, 2, 48, 16).dataOffset()), lines);
    }

    /** C++ creates the queue (no descriptor, mode 0644) and produces while Java consumes. */
    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void cppProducesJavaConsumes(RingPolicy policy) throws Exception {
        String name = names.next();
        assertEquals(List.of("ready"), finish(start(name, policy, 64, "create")));
        try (LongRing ring = LongRings.shared(name, CPP_MODE, policy, 64)) {
            assertEquals(0, ((AbstractLongRing) ring).memory.get(LittleEndian.INT_UNALIGNED, RingHeader.TAG_OFFSET),
                    "a C++-created queue gets no descriptor from Java");
            Process producer = start(name, policy, 64, "produce", "7", Integer.toString(COUNT), "5");
            RingLedger ledger = new RingLedger(8, COUNT);
            RingLedger.Consumer view = ledger.new Consumer();
            for (int i = 0; i < COUNT; i++) {
                long value = ring.poll(STOP, WAIT, IdleStrategy.BACKOFF);
                assertTrue(value != STOP, "C++ stopped producing after " + i);
                assertEquals(RingLedger.stamp(7, i), value, "one producer: strict order");
                view.accept(value);
            }
            assertEquals(List.of("produced " + COUNT), finish(producer));
            assertTrue(ring.isEmpty());
        }
    }

    /** Java creates the queue and produces (singles and batches) while C++ consumes. */
    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void javaProducesCppConsumes(RingPolicy policy) throws Exception {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 32)) {
            Process consumer = start(name, policy, 32, "consume", Integer.toString(COUNT));
            produceFromJava(ring, 3);
            List<String> lines = finish(consumer);
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
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPSC, 16)) {
            Process cpp = start(name, RingPolicy.MPSC, 16, "produce", "1", Integer.toString(COUNT), "3");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread java = Thread.ofPlatform().start(() -> guard(failure, () -> produceFromJava(ring, 0)));
            RingLedger ledger = new RingLedger(2, COUNT);
            RingLedger.Consumer view = ledger.new Consumer();
            long[] into = new long[8];
            long deadline = System.nanoTime() + WAIT;
            while (ledger.delivered() < 2L * COUNT) {
                if (System.nanoTime() >= deadline || failure.get() != null) {
                    throw new AssertionError("stalled: " + failure.get() + "; " + ledger.delivered() + " of "
                            + 2L * COUNT + " delivered; Java producer " + java.getState() + ", C++ producer "
                            + (cpp.isAlive() ? "running" : "exited " + cpp.exitValue()) + "; " + words(ring),
                            failure.get());
                }
                int polled = ring.poll(into, 0, into.length);
                for (int i = 0; i < polled; i++) {
                    view.accept(into[i]);
                }
            }
            java.join();
            assertEquals(List.of("produced " + COUNT), finish(cpp));
            ledger.assertComplete();
        }
    }

    @Test
    void javaAndCppProduceAndConsumeOneMpmcQueueAtOnce() throws Exception {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPMC, 16)) {
            Process cppProducer = start(name, RingPolicy.MPMC, 16, "produce", "1", Integer.toString(COUNT), "1");
            Process cppConsumer = start(name, RingPolicy.MPMC, 16, "consume-until-stop");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread javaProducer = Thread.ofPlatform().start(() -> guard(failure, () -> produceFromJava(ring, 0)));
            RingLedger ledger = new RingLedger(2, COUNT);
            RingLedger.Consumer javaView = ledger.new Consumer();
            Thread javaConsumer = Thread.ofPlatform().start(() -> guard(failure, () -> {
                long deadline = System.nanoTime() + WAIT;
                while (cppConsumer.isAlive() || !ring.isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "Java consumer stalled");
                    long[] one = new long[1];
                    if (ring.poll(one, 0, 1) == 0) {
                        Thread.onSpinWait();
                    } else if (one[0] == STOP) {
                        assertTrue(ring.offer(STOP, WAIT, IdleStrategy.BACKOFF), "the stop mark is for C++");
                    } else {
                        javaView.accept(one[0]);
                    }
                }
            }));
            javaProducer.join();
            assertEquals(List.of("produced " + COUNT), finish(cppProducer));
            assertTrue(ring.offer(STOP, WAIT, IdleStrategy.BACKOFF));
            List<String> cppLines = finish(cppConsumer);
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

    /** The queue's head, tail and every slot's sequence word: what a stall report needs to tell who is stuck. */
    private static String words(LongRing ring) {
        AbstractLongRing raw = (AbstractLongRing) ring;
        long head = (long) AbstractLongRing.LONG.getAcquire(raw.memory, RingHeader.HEAD_OFFSET);
        long tail = (long) AbstractLongRing.LONG.getAcquire(raw.memory, RingHeader.TAIL_OFFSET);
        StringBuilder text = new StringBuilder("head " + head + ", tail " + tail + ", seq");
        for (long slot = 0; slot < raw.capacity; slot++) {
            long seq = (long) AbstractLongRing.LONG.getAcquire(raw.memory, raw.seqOffset(slot));
            text.append(slot == 0 ? " [" : ", ").append(slot).append(": ").append(seq);
        }
        return text.append("], ").append(ring.stats()).toString();
    }

    /** Offers COUNT stamps of {@code producer}, alternating single blocking offers and batches of 4. */
    private static void produceFromJava(LongRing ring, int producer) {
        long[] batch = new long[4];
        int sequence = 0;
        while (sequence < COUNT) {
            if ((sequence & 1) == 0 || COUNT - sequence < batch.length) {
                assertTrue(ring.offer(RingLedger.stamp(producer, sequence), WAIT, IdleStrategy.BACKOFF));
                sequence++;
            } else {
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = RingLedger.stamp(producer, sequence + i);
                }
                int offered = ring.offer(batch, 0, batch.length);
                sequence += offered;
                if (offered == 0) {
                    Thread.yield();
                }
            }
        }
    }

    private static void guard(AtomicReference<Throwable> failure, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private Process start(String name, RingPolicy policy, long capacity, String... mode) throws IOException {
        return peers.start(name, policy, capacity, mode);
    }

    private Process start(String... args) throws IOException {
        return peers.start(args);
    }

    private List<String> finish(Process peer) throws IOException, InterruptedException {
        return peers.finish(peer);
    }
}

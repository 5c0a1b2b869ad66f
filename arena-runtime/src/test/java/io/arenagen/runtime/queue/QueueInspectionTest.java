package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.inspect.Liveness;
import io.arenagen.runtime.inspect.MagicState;
import io.arenagen.runtime.inspect.Problem;
import io.arenagen.runtime.inspect.QueueReport;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SharedMemory#inspectObject} on live queue objects: what it reports (pending, counters, a stalled
 * slot), what crafted positions turn into, and that it writes nothing.
 */
@Timeout(30)
final class QueueInspectionTest {

    private static final VarHandle LONG = LittleEndian.LONG;

    private final UniqueShmNames names = new UniqueShmNames("qinspect");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    private static QueueReport inspect(String name) {
        return assertInstanceOf(QueueReport.class, SharedMemory.inspectObject(name));
    }

    private static List<Problem.Kind> kinds(QueueReport report) {
        return report.problems().stream().map(Problem::kind).toList();
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void aLiveQueueWithPendingElementsIsReported(RingPolicy policy) throws IOException {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 16)) {
            for (long i = 0; i < 5; i++) {
                assertTrue(ring.offer(i));
            }
            assertEquals(0, ring.poll(-1));
            byte[] before = Files.readAllBytes(UniqueShmNames.file(name));
            QueueReport report = inspect(name);
            assertEquals(policy, report.layout().policy());
            assertEquals(16, report.layout().capacity());
            assertEquals(8, report.layout().elementSize());
            assertEquals(policy.sequenced() ? 64 : 8, report.layout().slotSize());
            assertEquals(5, report.head());
            assertEquals(1, report.tail());
            assertEquals(4, report.pending());
            assertEquals(-1, report.stalledPosition());
            assertEquals(MagicState.READY, report.magic());
            assertEquals(ProcessHandle.current().pid(), report.initializerPid());
            assertEquals(Liveness.ALIVE, report.initializer());
            assertEquals(List.of(), report.problems());
            assertFalse(report.hasErrors());
            assertEquals(Files.size(UniqueShmNames.file(name)), report.objectSize());
            assertEquals(java.util.Arrays.toString(before),
                    java.util.Arrays.toString(Files.readAllBytes(UniqueShmNames.file(name))), "nothing written");
        }
    }

    /** A struct queue: the descriptor's element and slot, and a claim never committed seen as a stall. */
    @Test
    void aStructQueueIsReportedWithItsElementAndAnUncommittedClaimAsAStall() {
        String name = names.next();
        try (StructRing ring = StructRings.shared(name, RingPolicy.MPSC, 8, 48, 16)) {
            long first = ring.claim();
            ring.commit(first);
            assertTrue(ring.claim() >= 0, "claimed, never committed");
            QueueReport report = inspect(name);
            assertEquals(RingLayout.of(RingPolicy.MPSC, 8, 48, 16), report.layout());
            assertEquals(128, report.layout().slotSize());
            assertEquals(2, report.pending());
            assertEquals(List.of(), report.problems(), "the tail's slot is published");
            assertEquals(first, ring.peek());
            ring.release(first);
            QueueReport stalled = inspect(name);
            assertEquals(1, stalled.stalledPosition());
            assertEquals(List.of(Problem.Kind.STALLED_SLOT), kinds(stalled));
        }
    }

    @Test
    void anEmptyQueueCountsItsFullOffers() {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPMC, 2)) {
            assertTrue(ring.offer(1));
            assertTrue(ring.offer(2));
            assertFalse(ring.offer(3));
            assertEquals(1, ring.poll(-1));
            assertEquals(2, ring.poll(-1));
            QueueReport report = inspect(name);
            assertEquals(0, report.pending());
            assertEquals(2, report.head());
            assertEquals(2, report.tail());
            assertEquals(1, report.fulls());
            assertEquals(0, report.stalls());
            assertEquals(0, report.skipped());
            assertEquals(-1, report.stalledPosition());
            assertEquals(List.of(), report.problems());
        }
    }

    @ParameterizedTest
    @EnumSource(value = RingPolicy.class, names = {"MPSC", "MPMC"})
    void aClaimedUnpublishedSlotIsAWarningNamingThePositionAndTheSkip(RingPolicy policy) {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 8)) {
            assertTrue(ring.offer(1));
            assertEquals(1, ring.poll(-1));
            // A producer that dies right after its claim, as DeadProducerTest makes one: CAS head, no publish.
            MemorySegment memory = ((AbstractLongRing) ring).memory;
            assertTrue(LONG.compareAndSet(memory, RingHeader.HEAD_OFFSET, 1L, 2L));
            assertTrue(ring.offer(7));
            QueueReport report = inspect(name);
            assertEquals(ring.stalledPosition(), report.stalledPosition(), "the queue's own rule");
            assertEquals(1, report.stalledPosition());
            assertEquals(2, report.pending());
            assertEquals(List.of(Problem.Kind.STALLED_SLOT), kinds(report));
            Problem stalled = report.problems().getFirst();
            assertEquals(Problem.Severity.WARNING, stalled.severity());
            assertTrue(stalled.message().contains("position 1 "), stalled.message());
            assertTrue(stalled.message().contains("LongRing.skipStalled(1)"), stalled.message());
            assertFalse(report.hasErrors());

            assertTrue(ring.skipStalled(1));
            QueueReport after = inspect(name);
            assertEquals(-1, after.stalledPosition());
            assertEquals(1, after.skipped());
            assertEquals(List.of(), after.problems());
        }
    }

    @Test
    void spscNeverReportsAStalledSlot() {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, RingPolicy.SPSC, 8)) {
            assertTrue(ring.offer(1));
            assertEquals(-1, inspect(name).stalledPosition());
        }
    }

    @Test
    void craftedHeadAndTailAreAnErrorAndNoSlotIsReadForThem() throws IOException {
        String name = names.next();
        LongRings.shared(name, RingPolicy.MPSC, 8).close();
        putLong(name, RingHeader.HEAD_OFFSET, Long.MAX_VALUE);
        putLong(name, RingHeader.TAIL_OFFSET, 3);
        QueueReport far = inspect(name);
        assertEquals(List.of(Problem.Kind.POSITIONS_OUT_OF_RANGE), kinds(far));
        assertTrue(far.hasErrors());
        assertEquals(8, far.pending(), "bounded by the capacity");
        assertEquals(-1, far.stalledPosition());
        assertTrue(far.problems().getFirst().message().contains("head " + Long.MAX_VALUE + " and tail 3"));

        putLong(name, RingHeader.HEAD_OFFSET, 2);
        QueueReport behind = inspect(name);
        assertEquals(List.of(Problem.Kind.POSITIONS_OUT_OF_RANGE), kinds(behind));
        assertEquals(0, behind.pending());
    }

    @Test
    void aCraftedDescriptorIsRefusedNamingTheValue() throws IOException {
        String name = names.next();
        LongRings.shared(name, RingPolicy.MPSC, 8).close();
        putLong(name, RingHeader.CAPACITY_OFFSET, 7);
        var error = assertThrows(io.arenagen.runtime.ArenaException.class, () -> SharedMemory.inspectObject(name));
        assertTrue(error.getMessage().contains("capacity 7"), error.getMessage());
    }

    @Test
    void anArenaInspectionOfAQueueSaysItIsAQueue() {
        String name = names.next();
        LongRings.shared(name, RingPolicy.SPSC, 8).close();
        var error = assertThrows(IllegalArgumentException.class, () -> SharedMemory.inspect(name));
        assertTrue(error.getMessage().contains("is a queue"), error.getMessage());
        assertTrue(error.getMessage().contains("inspectObject"), error.getMessage());
    }

    /** Zeroes bytes 8..63, where the C++ {@code QueueSync} has padding: a queue as the C++ library leaves it. */
    private static void stripDescriptor(String name) throws IOException {
        for (long offset = RingHeader.TAG_OFFSET; offset < RingHeader.HEAD_OFFSET; offset += Long.BYTES) {
            putLong(name, offset, 0);
        }
    }

    @Test
    void aQueueWithoutDescriptorIsReadWithTheGivenConfigurationWhichMustFitItsSize() throws IOException {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPSC, 16)) {
            assertTrue(ring.offer(5));
            assertTrue(ring.offer(6));
            stripDescriptor(name);
            var noDescriptor = assertThrows(IllegalArgumentException.class, () -> SharedMemory.inspectObject(name));
            assertTrue(noDescriptor.getMessage().contains("--queue POLICY,CAPACITY"), noDescriptor.getMessage());

            QueueReport report = SharedMemory.inspectQueue(name, RingLayout.ofLongs(RingPolicy.MPSC, 16));
            assertFalse(report.fromDescriptor());
            assertEquals(2, report.pending());
            assertEquals(Liveness.NOT_RECORDED, report.initializer());
            assertEquals(List.of(), report.problems());

            // 16 MPSC slots of 64 B need a 4096-byte object as 32 do: size alone cannot refuse 32, but 128 it can.
            var tooBig = assertThrows(IllegalArgumentException.class,
                    () -> SharedMemory.inspectQueue(name, RingLayout.ofLongs(RingPolicy.MPSC, 128)));
            assertTrue(tooBig.getMessage().contains("needs 12288"), tooBig.getMessage());
        }
    }

    @Test
    void aGivenQueueConfigurationMustMatchTheDescriptorAndAnArenaIsNoQueue() {
        String name = names.next();
        LongRings.shared(name, RingPolicy.MPMC, 8).close();
        assertFalse(SharedMemory.inspectQueue(name, RingLayout.ofLongs(RingPolicy.MPMC, 8)).hasErrors());
        var other = assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.inspectQueue(name, RingLayout.ofLongs(RingPolicy.MPSC, 8)));
        assertTrue(other.getMessage().contains("MPMC, capacity=8"), other.getMessage());

        String arena = names.next();
        io.arenagen.runtime.SlabArenas.shared(arena, 8, 64).close();
        var notAQueue = assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.inspectQueue(arena, RingLayout.ofLongs(RingPolicy.MPSC, 8)));
        assertTrue(notAQueue.getMessage().contains("'AGEN'"), notAQueue.getMessage());
    }

    private static void putLong(String name, long offset, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(UniqueShmNames.file(name), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }
}

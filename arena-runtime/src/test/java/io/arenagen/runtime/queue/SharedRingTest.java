package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Queues in POSIX shared memory: attach, the descriptor, refusal of other configurations and of arenas,
 * owner and mode checks, crafted header words, and the initialization protocol's bounded wait.
 */
final class SharedRingTest {

    private static final VarHandle LONG = LittleEndian.LONG;
    private final UniqueShmNames names = new UniqueShmNames("ring");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    private static MemorySegment memory(LongRing ring) {
        return ((AbstractLongRing) ring).memory;
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void twoOpenersShareOneQueue(RingPolicy policy) throws Exception {
        String name = names.next();
        try (LongRing producer = LongRings.shared(name, policy, 16);
             LongRing consumer = LongRings.shared(name, policy, 16)) {
            for (long i = 0; i < 40; i++) {
                assertTrue(producer.offer(i * 3));
                assertEquals(i * 3, consumer.poll(-1));
            }
            assertEquals(40, consumer.stats().offered());
            assertTrue(consumer.stats().description().contains("shared object " + name), consumer.stats().description());
            MemorySegment bytes = memory(consumer);
            assertEquals(RingHeader.MAGIC_READY, (long) LONG.getAcquire(bytes, 0L));
            assertEquals(RingHeader.DESCRIPTOR_TAG, bytes.get(LittleEndian.INT_UNALIGNED, RingHeader.TAG_OFFSET));
            assertEquals(policy.code(), bytes.get(LittleEndian.INT_UNALIGNED, RingHeader.POLICY_OFFSET));
            assertEquals(16, bytes.get(LittleEndian.LONG_UNALIGNED, RingHeader.CAPACITY_OFFSET));
            assertEquals(8, bytes.get(LittleEndian.LONG_UNALIGNED, RingHeader.ELEMENT_SIZE_OFFSET));
            assertEquals(producer.layout().slotSize(), bytes.get(LittleEndian.LONG_UNALIGNED, RingHeader.SLOT_SIZE_OFFSET));
            assertEquals(ProcessHandle.current().pid(),
                    bytes.get(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_OFFSET));
        }
        assertEquals(producerSize(policy, 16), Files.size(UniqueShmNames.file(name)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(UniqueShmNames.file(name))));
        LongRings.unlink(name);
        assertFalse(Files.exists(UniqueShmNames.file(name)));
        LongRings.unlink(name);
    }

    private static long producerSize(RingPolicy policy, long capacity) {
        return RingLayout.ofLongs(policy, capacity).mappedSize(4096);
    }

    @Test
    void anotherPolicyOrCapacityOfTheSameSizeIsRefused() {
        String name = names.next();
        // SPSC 64 x 8 B and MPSC 8 x 64 B slots: both 704 bytes, both one page. Only the descriptor tells.
        try (LongRing spsc = LongRings.shared(name, RingPolicy.SPSC, 64)) {
            spsc.offer(1);
            ArenaException policy = assertThrows(ArenaException.class, () -> LongRings.shared(name, RingPolicy.MPSC, 8));
            assertEquals("shared object " + name + " was created as another queue: SPSC, capacity=64, element=8 B "
                    + "aligned to 8, slots of 8 B; this queue is MPSC, capacity=8, element=8 B with slots of 64 B. "
                    + "Open it with the configuration it was created with, or remove it (LongRings.unlink) when no "
                    + "process uses it.", policy.getMessage());
            ArenaException capacity = assertThrows(ArenaException.class, () -> LongRings.shared(name, RingPolicy.SPSC, 32));
            assertTrue(capacity.getMessage().contains("SPSC, capacity=64"), capacity.getMessage());
            assertEquals(1, spsc.size(), "a refused opener leaves the queue as it was");
        }
        String bigger = names.next();
        try (LongRing ring = LongRings.shared(bigger, RingPolicy.MPMC, 128)) {
            ArenaException size = assertThrows(ArenaException.class, () -> LongRings.shared(bigger, RingPolicy.MPMC, 8));
            assertTrue(size.getMessage().contains("queue MPMC, capacity=8, element=8 B"), size.getMessage());
            assertEquals(128, ring.capacity());
        }
    }

    @Test
    void theEntryPointOfGeneratedQueuesOpensLocalAndSharedMemory() {
        RingLayout layout = RingLayout.ofLongs(RingPolicy.MPMC, 4);
        String name = names.next();
        try (LongRing local = LongRings.open(layout, null, null);
             LongRing shared = LongRings.open(layout, name, ShmOptions.defaults());
             LongRing again = LongRings.shared(name, RingPolicy.MPMC, 4)) {
            assertTrue(local.offer(1));
            assertEquals(0, shared.size());
            assertTrue(shared.offer(2));
            assertEquals(2, again.poll(-1));
            assertTrue(local.stats().description().contains("private memory"));
        }
    }

    @Test
    void anArenaIsNotAQueueAndAQueueIsNotAnArena() {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 64)) {
            assertEquals(4096, Files.exists(UniqueShmNames.file(name)) ? 4096 : 0);
            ArenaException thrown = assertThrows(ArenaException.class, () -> LongRings.shared(name, RingPolicy.MPSC, 8));
            assertEquals("shared object " + name + " is a slab arena (its header carries the arena descriptor 'AGEN'), "
                    + "not a queue: open it with SlabArenas, or give the queue another name.", thrown.getMessage());
            assertTrue(arena.allocateOffset(64) >= 0, "the arena is untouched");
        }
        String queue = names.next();
        try (LongRing ring = LongRings.shared(queue, RingPolicy.MPSC, 8)) {
            assertThrows(ArenaException.class, () -> SlabArenas.shared(queue, 4, 64));
            assertTrue(ring.offer(5));
        }
    }

    @Test
    void ownerAndModeChecksAreTheArenas() {
        String name = names.next();
        try (LongRing wide = LongRings.shared(name, ShmOptions.defaults().withPermissions(0644), RingPolicy.SPSC, 8)) {
            ArenaException thrown = assertThrows(ArenaException.class, () -> LongRings.shared(name, RingPolicy.SPSC, 8));
            assertTrue(thrown.getMessage().contains("has mode 0644, wider than the permissions 0600"), thrown.getMessage());
            try (LongRing again = LongRings.shared(name, ShmOptions.defaults().withPermissions(0644), RingPolicy.SPSC, 8)) {
                assertTrue(wide.offer(9));
                assertEquals(9, again.poll(-1));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LongRings.shared("no-slash", RingPolicy.SPSC, 8));
        assertThrows(IllegalArgumentException.class, () -> LongRings.shared(names.next(), RingPolicy.SPSC, 7));
        assertThrows(NullPointerException.class, () -> LongRings.shared(names.next(), null, RingPolicy.SPSC, 8));
    }

    /** Writes {@code craft} into a fresh queue's bytes, then expects the next opener to refuse them untouched. */
    private void refusedAfter(RingPolicy policy, Consumer<MemorySegment> craft, String expected) {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 8)) {
            ring.offer(1);
            craft.accept(memory(ring));
            ArenaException thrown = assertThrows(ArenaException.class, () -> LongRings.shared(name, policy, 8));
            assertTrue(thrown.getMessage().contains(expected), thrown.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void craftedPositionsAreRefusedAtAttach(RingPolicy policy) {
        refusedAfter(policy, m -> m.set(LittleEndian.LONG_UNALIGNED, RingHeader.HEAD_OFFSET, 100L),
                "has head 100 and tail 0 (at most 8 apart, head never behind)");
        refusedAfter(policy, m -> m.set(LittleEndian.LONG_UNALIGNED, RingHeader.TAIL_OFFSET, 5L),
                "has head 1 and tail 5");
        refusedAfter(policy, m -> m.set(LittleEndian.LONG_UNALIGNED, RingHeader.MAGIC_OFFSET, 0x1234L),
                "holds foreign bytes: magic 0x1234");
        refusedAfter(policy, m -> m.set(LittleEndian.INT_UNALIGNED, RingHeader.TAG_OFFSET, 0x0BAD),
                "descriptor tag is 0xbad, neither a queue's nor zero");
        refusedAfter(policy, m -> m.set(LittleEndian.INT_UNALIGNED, RingHeader.VERSION_OFFSET, 9),
                "has queue descriptor version 9; this arenagen reads version 1");
        refusedAfter(policy, m -> m.set(LittleEndian.INT_UNALIGNED, RingHeader.POLICY_OFFSET, 7),
                "was created as another queue: policy code 7");
        refusedAfter(policy, m -> m.set(LittleEndian.LONG_UNALIGNED, RingHeader.ELEMENT_SIZE_OFFSET, 16L),
                "element=16 B");
        refusedAfter(policy, m -> m.set(LittleEndian.INT_UNALIGNED, RingHeader.ALIGNMENT_OFFSET, 4),
                "aligned to 4");
        refusedAfter(policy, m -> m.set(LittleEndian.LONG_UNALIGNED, RingHeader.SLOT_SIZE_OFFSET, 16L),
                "slots of 16 B");
        refusedAfter(policy, m -> {
            m.fill((byte) 0);
            m.set(LittleEndian.LONG_UNALIGNED, 184L, 3L);
        }, "has an uninitialized magic but a non-zero header (0x3 at byte 184)");
    }

    @ParameterizedTest
    @EnumSource(value = RingPolicy.class, names = {"MPSC", "MPMC"})
    void craftedSequenceWordsAreRefusedAtAttachAndNeverSpunOn(RingPolicy policy) {
        refusedAfter(policy, m -> m.set(LittleEndian.LONG_UNALIGNED, RingLayout.ofLongs(policy, 8).slotOffset(3), 6L),
                "has slot 3 with sequence word 6 (3 or 4 modulo 8)");
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 8)) {
            RingLayout layout = ring.layout();
            // head = tail = 0; slot 0's word jumps ahead as no producer or consumer ever makes it.
            memory(ring).set(LittleEndian.LONG_UNALIGNED, layout.slotOffset(0), 16L);
            if (policy == RingPolicy.MPSC) {
                // An MPSC offer claims by room at the tail, as the C++ batch push does (its consumer frees a slot
                // before it moves the tail past it), so it never reads the crafted word: it overwrites it with
                // the published one, and the queue goes on.
                assertTrue(ring.offer(1));
                assertEquals(1L, memory(ring).get(LittleEndian.LONG_UNALIGNED, layout.slotOffset(0)));
                assertEquals(1, ring.poll(-1));
                assertEquals(-1, ring.poll(-1));
            } else {
                ArenaException offer = assertThrows(ArenaException.class, () -> ring.offer(1));
                assertTrue(offer.getMessage().contains("the sequence word of position 0 reads 16 and no other process "
                        + "moved the queue on"), offer.getMessage());
                memory(ring).set(LittleEndian.LONG_UNALIGNED, layout.slotOffset(0), 5L);
                ArenaException poll = assertThrows(ArenaException.class, () -> ring.poll(-1));
                assertTrue(poll.getMessage().contains("position 0 reads 5"), poll.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void craftedWordsInUseNeverLeadOutsideTheSlots(RingPolicy policy) {
        String name = names.next();
        try (LongRing ring = LongRings.shared(name, policy, 8)) {
            MemorySegment bytes = memory(ring);
            // Head far ahead, tail behind: the queue reads as full, never as room to overwrite.
            bytes.set(LittleEndian.LONG_UNALIGNED, RingHeader.HEAD_OFFSET, 1L << 40);
            assertFalse(ring.offer(1));
            assertEquals(0, ring.offer(new long[] {1, 2}, 0, 2));
            assertEquals(8, ring.size(), "clamped to the capacity");
            long[] into = new long[16];
            int polled = ring.poll(into, 0, 16);
            assertTrue(polled <= 8, "at most one lap of slots: " + polled);
            // Tail ahead of head: not room either.
            bytes.set(LittleEndian.LONG_UNALIGNED, RingHeader.HEAD_OFFSET, 3L);
            bytes.set(LittleEndian.LONG_UNALIGNED, RingHeader.TAIL_OFFSET, 1L << 41);
            assertEquals(0, ring.size());
            assertEquals(0, ring.poll(into, 0, 16));
            // Whatever an offer decides here (an SPSC producer trusts its cached tail, as in C++), it writes a
            // slot: FFM would throw IndexOutOfBoundsException for any byte outside the mapping.
            ring.offer(1);
            ring.offer(new long[] {1, 2, 3}, 0, 3);
        }
    }

    @Test
    void aDeadInitializerIsTakenOverAndASilentOneEndsInAClearError() throws Exception {
        String name = names.next();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPMC, 8)) {
            MemorySegment bytes = memory(ring);
            bytes.fill((byte) 0);
            // What a dying initializer may leave: positions and counters that the taker must reset.
            for (long word : new long[] {RingHeader.HEAD_OFFSET, RingHeader.TAIL_OFFSET, RingHeader.FULLS_OFFSET,
                RingHeader.STALLS_OFFSET, RingHeader.SKIPPED_OFFSET}) {
                bytes.set(LittleEndian.LONG_UNALIGNED, word, 3L);
            }
            LONG.setVolatile(bytes, RingHeader.MAGIC_OFFSET, RingHeader.MAGIC_BUSY);
            bytes.set(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_OFFSET, gone.pid());
            bytes.set(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                    io.arenagen.runtime.internal.ProcessLiveness.pidNamespace());
            try (LongRing taker = LongRings.shared(name, RingPolicy.MPMC, 8)) {
                assertEquals(RingHeader.MAGIC_READY, (long) LONG.getAcquire(bytes, RingHeader.MAGIC_OFFSET));
                RingStats fresh = taker.stats();
                assertEquals(List.of(0L, 0L, 0L, 0L, 0L), List.of(fresh.offered(), fresh.polled(), fresh.fulls(),
                        fresh.stalls(), fresh.skipped()));
                assertEquals(ProcessHandle.current().pid(),
                        bytes.get(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_OFFSET));
                assertTrue(taker.offer(4));
                assertEquals(4, ring.poll(-1));
            }
            LONG.setVolatile(bytes, RingHeader.MAGIC_OFFSET, RingHeader.MAGIC_BUSY);
            bytes.set(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_OFFSET, 0L);
            ShmOptions quick = ShmOptions.defaults().withInitTimeout(Duration.ofMillis(100));
            ArenaException stuck = assertThrows(ArenaException.class,
                    () -> LongRings.shared(name, quick, RingPolicy.MPMC, 8));
            assertTrue(stuck.getMessage().startsWith("shared object " + name + ": the queue (MPMC, capacity=8, element=8 B) "
                    + "has been initializing for more than 100 ms and its initializer recorded no pid"), stuck.getMessage());
            assertTrue(stuck.getMessage().contains("(LongRings.unlink)"), stuck.getMessage());
            Thread.currentThread().interrupt();
            try {
                ArenaException interrupted = assertThrows(ArenaException.class,
                        () -> LongRings.shared(name, quick, RingPolicy.MPMC, 8));
                assertTrue(interrupted.getMessage().startsWith("shared object " + name + ": interrupted while waiting"),
                        interrupted.getMessage());
                assertTrue(interrupted.getMessage().contains("Open the queue again"), interrupted.getMessage());
            } finally {
                assertTrue(Thread.interrupted());
            }
        }
    }
}

package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Struct rings in POSIX shared memory: two openers share one queue, the descriptor records the element, and an
 * opener of another policy, capacity, element size or alignment is refused, leaving the queue as it was.
 */
final class SharedStructRingTest {

    private final UniqueShmNames names = new UniqueShmNames("sring");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    @ParameterizedTest
    @EnumSource(RingPolicy.class)
    void twoOpenersShareOneQueueAndItsDescriptorNamesTheElement(RingPolicy policy) {
        String name = names.next();
        try (StructRing producer = StructRings.shared(name, policy, 8, 48, 16);
             StructRing consumer = StructRings.shared(name, policy, 8, 48, 16);
             Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(48);
            for (long i = 0; i < 20; i++) {
                long at = producer.claim();
                StructStamps.write(producer.memory(), at, 48, i);
                producer.commit(at);
                assertTrue(consumer.poll(buffer, 0));
                assertEquals(i, StructStamps.read(buffer, 0, 48));
            }
            MemorySegment header = ((RingCore) consumer).memory;
            assertEquals(48, header.get(LittleEndian.LONG_UNALIGNED, RingHeader.ELEMENT_SIZE_OFFSET));
            assertEquals(16, header.get(LittleEndian.INT_UNALIGNED, RingHeader.ALIGNMENT_OFFSET));
            assertEquals(policy.code(), header.get(LittleEndian.INT_UNALIGNED, RingHeader.POLICY_OFFSET));
        }
    }

    @Test
    void anotherPolicyCapacityElementSizeOrAlignmentIsRefused() {
        String name = names.next();
        try (StructRing ring = StructRings.shared(name, RingPolicy.MPSC, 8, 48, 16); Arena arena = Arena.ofConfined()) {
            assertTrue(ring.offer(arena.allocate(48), 0));
            // 48 B aligned to 16 and 112 B aligned to 16 both have 128-byte slots; 48 B aligned to 8 has 64-byte
            // ones; all three are one page: only the descriptor tells them apart.
            ArenaException size = assertThrows(ArenaException.class,
                    () -> StructRings.shared(name, RingPolicy.MPSC, 8, 112, 16));
            assertTrue(size.getMessage().contains("was created as another queue: MPSC, capacity=8, element=48 B "
                    + "aligned to 16, slots of 128 B; this queue is MPSC, capacity=8, element=112 B aligned to 16"),
                    size.getMessage());
            ArenaException alignment = assertThrows(ArenaException.class,
                    () -> StructRings.shared(name, RingPolicy.MPSC, 8, 48, 8));
            assertTrue(alignment.getMessage().contains("this queue is MPSC, capacity=8, element=48 B aligned to 8 with "
                    + "slots of 64 B"), alignment.getMessage());
            assertThrows(ArenaException.class, () -> StructRings.shared(name, RingPolicy.MPMC, 8, 48, 16));
            assertThrows(ArenaException.class, () -> StructRings.shared(name, RingPolicy.SPSC, 16, 48, 16));
            assertThrows(ArenaException.class, () -> LongRings.shared(name, RingPolicy.MPSC, 16),
                    "a queue of 64-bit values is another queue");
            assertEquals(1, ring.size(), "a refused opener leaves the queue as it was");
        }
    }

    @Test
    void aStructRingOfOneLongIsTheSameQueueAsALongRing() {
        String name = names.next();
        try (LongRing longs = LongRings.shared(name, RingPolicy.MPMC, 4);
             StructRing structs = StructRings.shared(name, RingPolicy.MPMC, 4, 8, 8)) {
            assertTrue(longs.offer(0x1234_5678_9ABCL));
            long at = structs.peek();
            assertEquals(0x1234_5678_9ABCL, structs.memory().get(LittleEndian.LONG_UNALIGNED, at));
            structs.release(at);
            assertTrue(longs.isEmpty());
        }
    }
}

package io.arenagen.runtime.layout;

import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PoolReader} without an arena object: on bytes laid out as the C++ library writes them (no
 * descriptor, exhaustion counter zero), on a shared object mapped read-only as a tool would map it,
 * on pools that are not ready or corrupt, and on a pool that others use while it is read.
 */
@Timeout(60)
class PoolReaderTest {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ArenaLayout LAYOUT = ArenaLayout.of(4, 16, 64);

    private final Arena arena = Arena.ofShared();
    private final UniqueShmNames names = new UniqueShmNames("reader");

    @AfterEach
    void free() {
        arena.close();
        names.unlinkAll();
    }

    /** Every pool initialized as the C++ constructor does it: links, head, magic; bytes 8..79 left zero. */
    private MemorySegment cppCreated() {
        MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
        for (int pool = 0; pool < LAYOUT.poolCount(); pool++) {
            long chunks = LAYOUT.chunksOffset(pool);
            for (long k = 0; k < LAYOUT.count(); k++) {
                int next = k + 1 < LAYOUT.count() ? (int) (k + 1) : PoolHeader.EMPTY_INDEX;
                memory.set(INT, chunks + k * LAYOUT.chunkSize(pool), next);
            }
            memory.set(LONG, LAYOUT.headOffset(pool), 0L);
            memory.set(LONG, LAYOUT.poolOffset(pool), PoolHeader.MAGIC_READY);
        }
        return memory;
    }

    @Test
    void readsAnObjectCreatedByTheCppLibraryWithoutWriting() {
        MemorySegment memory = cppCreated();
        // a C++ process popped chunks 0 and 1 of pool 1: head = (generation 2, index 2)
        memory.set(LONG, LAYOUT.headOffset(1), (2L << 32) | 2);
        MemorySegment readOnly = memory.asReadOnly();
        assertEquals(new PoolStats(0, 16, 4, 4, 0, 0, 0), PoolReader.read(readOnly, LAYOUT, 0));
        assertEquals(new PoolStats(1, 64, 4, 2, 2, 2, 0), PoolReader.read(readOnly, LAYOUT, 1));
    }

    @Test
    void readsASharedObjectMappedReadOnlyAsAToolWould() throws IOException {
        String name = names.next();
        try (SlabAllocator user = SlabArenas.shared(name, 4, 16, 64);
             FileChannel channel = FileChannel.open(UniqueShmNames.file(name), StandardOpenOption.READ);
             Arena tool = Arena.ofConfined()) {
            user.allocateOffset(16);
            user.allocateOffset(16);
            for (int i = 0; i < 7; i++) {
                user.allocateOffset(16); // 2 more from pool 0, 4 promoted to pool 1, 1 served by none
            }
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), tool);
            assertTrue(mapped.isReadOnly());
            assertEquals(new PoolStats(0, 16, 4, 0, 4, 4, 5), PoolReader.read(mapped, LAYOUT, 0));
            assertEquals(new PoolStats(1, 64, 4, 0, 4, 4, 1), PoolReader.read(mapped, LAYOUT, 1));
            assertEquals(user.stats().pools().get(0), PoolReader.read(mapped, LAYOUT, 0));
        } finally {
            SharedMemory.unlink(name);
        }
    }

    @Test
    void refusesPoolsThatAreNotReady() {
        MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
        IllegalStateException fresh = assertThrows(IllegalStateException.class, () -> PoolReader.read(memory, LAYOUT, 0));
        assertTrue(fresh.getMessage().contains("not initialized yet"), fresh.getMessage());
        memory.set(LONG, 0, PoolHeader.MAGIC_BUSY);
        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> PoolReader.read(memory, LAYOUT, 0));
        assertTrue(busy.getMessage().contains("being initialized"), busy.getMessage());
        memory.set(LONG, 0, 0x1234L);
        IllegalStateException foreign = assertThrows(IllegalStateException.class, () -> PoolReader.read(memory, LAYOUT, 0));
        assertTrue(foreign.getMessage().contains("not an arena pool"), foreign.getMessage());
    }

    @Test
    void reportsACorruptListThatHoldsStillWithUnknownCounts() {
        MemorySegment memory = cppCreated();
        memory.set(INT, LAYOUT.chunksOffset(0) + 16, 9); // chunk 1 links to index 9 of 4
        memory.set(LONG, LAYOUT.poolOffset(0) + PoolHeader.EXHAUSTIONS_OFFSET, 7L);
        PoolStats beyond = PoolReader.read(memory, LAYOUT, 0);
        assertEquals(new PoolStats(0, 16, 4, PoolStats.UNKNOWN, PoolStats.UNKNOWN, 0, 7,
                "free chunk 1 linking to index 9, beyond count 4"), beyond);
        assertTrue(beyond.corrupt());
        memory.set(INT, LAYOUT.chunksOffset(1) + 3 * 64, 0); // the last chunk links back to the first
        PoolStats cycle = PoolReader.read(memory, LAYOUT, 1);
        assertTrue(cycle.corrupt());
        assertTrue(cycle.corruption().contains("a cycle"), cycle.corruption());
        assertEquals(PoolStats.UNKNOWN, cycle.free());
        PoolStats sound = PoolReader.read(cppCreated(), LAYOUT, 1);
        assertFalse(sound.corrupt());
        assertNull(sound.corruption());
    }

    @Test
    void refusesMemorySmallerThanTheLayoutAndPoolsItDoesNotHave() {
        MemorySegment memory = cppCreated();
        assertThrows(IllegalArgumentException.class, () -> PoolReader.read(memory.asSlice(0, 100), LAYOUT, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> PoolReader.read(memory, LAYOUT, 2));
    }

    @Test
    void whileOthersAllocateTheCountStaysWithinTheCapacity() throws InterruptedException {
        ArenaLayout layout = ArenaLayout.of(64, 16);
        try (SlabAllocator shared = SlabArenas.local(64, 16)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread[] workers = new Thread[2];
            for (int t = 0; t < workers.length; t++) {
                workers[t] = Thread.ofPlatform().start(() -> {
                    long[] held = new long[16];
                    while (!stop.get()) {
                        for (int i = 0; i < held.length; i++) {
                            held[i] = shared.allocateOffset(16);
                        }
                        for (long offset : held) {
                            shared.deallocateOffset(offset);
                        }
                    }
                });
            }
            try {
                for (int i = 0; i < 2_000; i++) {
                    PoolStats stats = PoolReader.read(shared.memory(), layout, 0);
                    assertTrue(stats.free() >= 0 && stats.free() <= 64, stats.toString());
                    assertEquals(64, stats.free() + stats.inUse());
                }
            } finally {
                stop.set(true);
                for (Thread worker : workers) {
                    worker.join();
                }
            }
            assertEquals(64, PoolReader.read(shared.memory(), layout, 0).free(), "all returned: exact again");
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Free lists that no arena of this configuration could hold — a head or link at or beyond the
 * count, a cycle, the lists of a C++ arena of another configuration — are refused at attach with
 * the object left byte for byte as it was; the same garbage written while an arena is attached ends
 * its next allocation in an {@link ArenaException} that names the object, with nothing read or
 * written outside the pool.
 */
@Timeout(30)
class CraftedFreeListTest {

    private static final long COUNT = 8;
    private static final long[] SIZES = {64, 256};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    /** Before: accepted, and the first 64-byte allocation returned the slack and pool 1's header as a chunk. */
    @Test
    void headIndexEqualToCountIsRefusedAtAttach() throws Exception {
        String name = shm.name("head-count");
        Path file = created(name);
        ShmFixture.putLong(file, LAYOUT.headOffset(0), (3L << 32) | COUNT);
        assertRefusedUntouched(name, file, "pool 0 (its layout descriptor matches) has head index 8, beyond count 8");
    }

    /** Before: accepted, and the first 256-byte allocation threw a raw IndexOutOfBoundsException. */
    @Test
    void hugeHeadIndexIsRefusedAtAttach() throws Exception {
        String name = shm.name("head-huge");
        Path file = created(name);
        ShmFixture.putLong(file, LAYOUT.headOffset(1), 0xFFFF_FFFEL);
        assertRefusedUntouched(name, file, "pool 1 (its layout descriptor matches) has head index 4294967294");
    }

    @Test
    void linkOutOfRangeInTheMiddleOfTheListIsRefusedAtAttach() throws Exception {
        String name = shm.name("link");
        Path file = created(name);
        ShmFixture.putInt(file, LAYOUT.chunksOffset(1) + 4 * 256, 1000);
        assertRefusedUntouched(name, file, "pool 1 (its layout descriptor matches) has free chunk 4 linking to index "
                + "1000, beyond count 8");
    }

    @Test
    void cycleIsRefusedAtAttachInBoundedTime() throws Exception {
        String name = shm.name("cycle");
        Path file = created(name);
        ShmFixture.putInt(file, LAYOUT.chunksOffset(0) + 5 * 64, 2); // 0 -> ... -> 5 -> 2 -> ... -> 5 -> ...
        assertRefusedUntouched(name, file, "pool 0 (its layout descriptor matches) has a free list that does not "
                + "end: more than 8 entries from head index 0 (a cycle)");
    }

    /**
     * What the C++ library leaves for {@code count=16, sizes=[32, 128]}: no descriptor to compare, the same
     * footprint (2816 bytes), and both pools start where this configuration's do, ready and with head 0, so
     * only the free lists can tell. Read with this configuration's chunk sizes, link {@code i} is the other
     * arena's link {@code 2i}, which names {@code 2i + 1}: 0 → 1 → 3 → 7 → 15. Before: accepted, and the
     * chunks handed out overlapped the other arena's.
     */
    @Test
    void cppArenaOfAnotherConfigurationWithTheSameSizeIsRefusedAndUntouched() throws Exception {
        ArenaLayout cpp = ArenaLayout.of(16, 32, 128);
        assertEquals(LAYOUT.totalSize(), cpp.totalSize(), "same footprint, so the same page-rounded size");
        assertEquals(LAYOUT.poolOffset(1), cpp.poolOffset(1), "pool 1 where this configuration expects it");
        String name = shm.name("cpp-other");
        Path file = ShmFixture.create(name, ShmFixture.objectSize(cpp));
        for (int pool = 0; pool < cpp.poolCount(); pool++) { // BasicArena's initial state
            for (long i = 0; i < cpp.count(); i++) {
                ShmFixture.putInt(file, cpp.chunksOffset(pool) + i * cpp.chunkSize(pool),
                        i + 1 < cpp.count() ? (int) (i + 1) : PoolHeader.EMPTY_INDEX);
            }
            ShmFixture.putLong(file, cpp.headOffset(pool), 0L);
            ShmFixture.putLong(file, cpp.poolOffset(pool), PoolHeader.MAGIC_READY);
        }
        assertRefusedUntouched(name, file, "pool 0 (no layout descriptor, as created by the C++ library) has free "
                + "chunk 7 linking to index 15, beyond count 8");
    }

    /** Before: the arena returned the chunk at index 8 (pool 1's header) or threw IndexOutOfBoundsException. */
    @Test
    void garbageHeadWrittenWhileAttachedEndsAllocationInAnArenaExceptionNamingTheObject() throws Exception {
        for (long garbage : new long[] {COUNT, 0xFFFF_FFFEL}) {
            String name = shm.name("runtime-head");
            Path file = ShmFixture.file(name);
            try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SIZES)) {
                assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(64), "attached and working");
                ShmFixture.putLong(file, LAYOUT.headOffset(0), (9L << 32) | garbage);
                byte[] before = Files.readAllBytes(file);
                assertCorrupt(name, garbage, () -> arena.allocateOffset(64));
                assertCorrupt(name, garbage, () -> arena.tryAllocate(1));
                assertArrayEquals(before, Files.readAllBytes(file), "nothing was written");
                assertEquals(LAYOUT.chunksOffset(1), arena.allocateOffset(100), "the other pool is unaffected");
            }
        }
    }

    /** A garbage link in a free chunk: the pop that installs it succeeds, the next one refuses it. */
    @Test
    void garbageLinkWrittenWhileAttachedIsCaughtByThePopAfterIt() throws Exception {
        String name = shm.name("runtime-link");
        Path file = ShmFixture.file(name);
        try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SIZES)) {
            ShmFixture.putInt(file, LAYOUT.chunksOffset(1) + 256, 0x7777_7777);
            assertEquals(LAYOUT.chunksOffset(1), arena.allocateOffset(256));
            assertEquals(LAYOUT.chunksOffset(1) + 256, arena.allocateOffset(256));
            byte[] before = Files.readAllBytes(file);
            assertCorrupt(name, 0x7777_7777L, () -> arena.allocateOffset(256));
            assertArrayEquals(before, Files.readAllBytes(file), "nothing was written");
        }
    }

    /** Creates {@code name} with this test's configuration and closes it, leaving a ready object behind. */
    private static Path created(String name) {
        SlabArenas.shared(name, COUNT, SIZES).close();
        return ShmFixture.file(name);
    }

    private static void assertCorrupt(String name, long index, Runnable allocation) {
        ArenaException e = assertThrows(ArenaException.class, allocation::run);
        String message = e.getMessage();
        assertTrue(message.contains("shared object " + name), "names the object: " + message);
        assertTrue(message.contains("index " + index + ", beyond its count 8 (count=8, sizes=[64, 256])"),
                "says what was found: " + message);
        assertTrue(message.contains("unlink"), "says how to recover: " + message);
    }

    private static void assertRefusedUntouched(String name, Path file, String detail) throws Exception {
        byte[] before = Files.readAllBytes(file);
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, COUNT, SIZES).close());
        String message = e.getMessage();
        assertTrue(message.contains(name), "names the object: " + message);
        assertTrue(message.contains(detail), "says what is wrong (" + detail + "): " + message);
        assertTrue(message.contains("(count=8, sizes=[64, 256])"), "names the expected configuration: " + message);
        assertTrue(message.contains("made by another program or with another configuration"), message);
        assertTrue(message.contains("SharedMemory.unlink"), "says how to recover: " + message);
        assertArrayEquals(before, Files.readAllBytes(file), "the object's bytes changed");
    }
}

package io.arenagen.runtime;

import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arenas over POSIX shared memory: several handles on one name are one arena, the object outlives
 * its handles until unlinked, and its bytes are exactly the C++-compatible layout of the spec, read
 * here straight from {@code /dev/shm} without going through the arena.
 */
@Timeout(30)
class SharedArenaTest {

    private static final long MAGIC_READY = 0x9F7E_3B2A_8D5C_4E1BL;

    private final UniqueShmNames names = new UniqueShmNames("shared");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    @Test
    void twoHandlesOnOneNameSeeOneArena() {
        String name = names.next();
        try (SlabAllocator a = SlabArenas.shared(name, 4, 64);
             SlabAllocator b = SlabArenas.shared(name, 4, 64)) {
            assertNotEquals(a.memory().address(), b.memory().address(), "two mappings of one object");
            List<Long> taken = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long offset = a.allocateOffset(64);
                a.memory().set(ValueLayout.JAVA_LONG, offset + 8, 1000L + i);
                taken.add(offset);
            }
            assertEquals(List.of(80L, 144L, 208L, 272L), taken);
            assertEquals(-1, b.allocateOffset(1));
            assertNull(b.allocate(64));
            assertNull(b.tryAllocate(16));
            for (int i = 0; i < 4; i++) {
                assertEquals(1000L + i, b.memory().get(ValueLayout.JAVA_LONG, taken.get(i) + 8));
            }
            b.deallocateOffset(taken.get(2)); // freed through the other handle
            assertEquals(taken.get(2), a.allocateOffset(64));
            a.deallocate(a.memory().asSlice(taken.get(0), 64));
            MemorySegment viaB = b.allocate(64);
            assertEquals(taken.get(0), viaB.address() - b.memory().address());
        }
    }

    @Test
    void reopeningAfterCloseKeepsTheState() {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(4, 64);
        try (SlabAllocator first = SlabArenas.shared(name, 4, 64)) {
            assertEquals(80, first.allocateOffset(64));
            assertEquals(144, first.allocateOffset(64));
            first.memory().set(ValueLayout.JAVA_LONG, 200, 0xCAFEL);
        }
        assertTrue(Files.exists(UniqueShmNames.file(name)), "closing does not remove the object");
        try (SlabAllocator again = SlabArenas.shared(name, 4, 64)) {
            assertEquals(2, FreeList.countFree(again.memory(), layout.headOffset(0), layout.chunksOffset(0),
                    layout.chunkShift(0), 4));
            assertEquals(0xCAFEL, again.memory().get(ValueLayout.JAVA_LONG, 200));
            assertEquals(208, again.allocateOffset(64));
            again.deallocateOffset(80);
            assertEquals(80, again.allocateOffset(64));
        }
    }

    @Test
    void rawBytesFollowTheSpecLayout() throws IOException {
        String name = names.next();
        // pool 0 at 0: 128 + 4 * 64 = 384 bytes; pool 1 at 384: 128 + 4 * 128 = 640 bytes; total 1024
        long[] poolOffsets = {0, 384};
        long[] sizes = {64, 128};
        try (SlabAllocator arena = SlabArenas.shared(name, 4, sizes)) {
            ByteBuffer fresh = readObject(name);
            assertEquals(ArenaLayout.roundUpToPage(1024, Libc.pageSize()), fresh.capacity());
            for (int pool = 0; pool < 2; pool++) {
                int base = (int) poolOffsets[pool];
                assertEquals(MAGIC_READY, fresh.getLong(base), "magic of pool " + pool);
                assertEquals(0L, fresh.getLong(base + 64), "fresh head: index 0, generation 0");
                assertDescriptor(fresh, base, pool, sizes[pool]);
                // chunks at 80, where g++ places the C++ header's flexible array
                for (int i = 0; i < 3; i++) {
                    assertEquals(i + 1, fresh.getInt(base + 80 + i * (int) sizes[pool]), "link of chunk " + i);
                }
                assertEquals(0xFFFF_FFFF, fresh.getInt(base + 80 + 3 * (int) sizes[pool]), "end of the list");
                for (int padding = base + 72; padding < base + 80; padding++) {
                    assertEquals(0, fresh.get(padding), "padding after the head");
                }
                int slack = base + 80 + 4 * (int) sizes[pool];
                for (int unused = slack; unused < slack + 48; unused++) {
                    assertEquals(0, fresh.get(unused), "slack at the end of pool " + pool);
                }
            }
            for (int tail = 1024; tail < fresh.capacity(); tail++) {
                assertEquals(0, fresh.get(tail), "bytes past the last pool");
            }

            long chunk = arena.allocateOffset(64);
            assertEquals(80, chunk);
            ByteBuffer popped = readObject(name);
            assertEquals(1, popped.getInt(64), "head index after one pop");
            assertEquals(1, popped.getInt(68), "generation after one pop");
            assertEquals(0L, popped.getLong(384 + 64), "the other pool is untouched");

            arena.deallocateOffset(chunk);
            ByteBuffer pushed = readObject(name);
            assertEquals(0, pushed.getInt(64), "head index after the push");
            assertEquals(2, pushed.getInt(68), "generation after the push");
            assertEquals(1, pushed.getInt(80), "the freed chunk links to the old head");

            assertEquals(464, arena.allocateOffset(65)); // promotion-free: first chunk of pool 1 at 384 + 80
            ByteBuffer other = readObject(name);
            assertEquals((1L << 32) | 1, other.getLong(384 + 64));
        }
    }

    @Test
    void reopeningWithAnotherSizeNamesBothSizes() throws IOException {
        String name = names.next();
        long page = Libc.pageSize();
        long small = ArenaLayout.of(4, 64).mappedSize(page);
        long large = ArenaLayout.of(10_000, 64).mappedSize(page);
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 64)) {
            long held = arena.allocateOffset(64);
            ArenaException thrown = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 10_000, 64));
            assertTrue(thrown.getMessage().contains(small + " bytes"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains(large + " bytes"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("SharedMemory.unlink"), thrown.getMessage());
            assertEquals(small, Files.size(UniqueShmNames.file(name)), "the object is left as it was");
            arena.deallocateOffset(held);
            assertEquals(held, arena.allocateOffset(64));
        }
    }

    @Test
    void reopeningWithAnotherConfigurationOfTheSameSizeNamesBoth() {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 64)) {
            ArenaException otherSize = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 4, 128));
            assertTrue(otherSize.getMessage().contains("4 x 64 B"), otherSize.getMessage());
            assertTrue(otherSize.getMessage().contains("4 x 128 B"), otherSize.getMessage());
            ArenaException otherCount = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 5, 64));
            assertTrue(otherCount.getMessage().contains("5 x 64 B"), otherCount.getMessage());
            ArenaException morePools = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 4, 64, 128));
            assertTrue(morePools.getMessage().contains("another configuration"), morePools.getMessage());
            assertEquals(80, arena.allocateOffset(64), "the failed opens left the pools alone");
        }
    }

    @Test
    void unlinkingAMissingNameIsFine() {
        String name = names.next();
        assertFalse(Files.exists(UniqueShmNames.file(name)));
        assertDoesNotThrow(() -> SharedMemory.unlink(name));
        assertDoesNotThrow(() -> SharedMemory.unlink(name));
    }

    @Test
    void unlinkThenReopenGivesAFreshArena() {
        String name = names.next();
        try (SlabAllocator old = SlabArenas.shared(name, 2, 64)) {
            old.allocateOffset(64);
            old.allocateOffset(64);
            assertEquals(-1, old.allocateOffset(64));
            SharedMemory.unlink(name);
            assertFalse(Files.exists(UniqueShmNames.file(name)));
            try (SlabAllocator fresh = SlabArenas.shared(name, 2, 64)) {
                assertEquals(80, fresh.allocateOffset(64));
                assertEquals(144, fresh.allocateOffset(64));
                assertEquals(-1, fresh.allocateOffset(64));
            }
            assertEquals(-1, old.allocateOffset(64), "the old mapping still sees its own object");
            old.deallocateOffset(80);
            assertEquals(80, old.allocateOffset(64));
        }
    }

    @Test
    void badNamesAreIllegalArguments() {
        String pid = Long.toString(ProcessHandle.current().pid());
        List<String> bad = List.of("ag-no-slash-" + pid, "/ag/inner-" + pid, "/ag-nul\0-" + pid, "/",
                "/" + "x".repeat(255), "", "/.", "/..");
        for (String name : bad) {
            String shown = name.replace("\0", "\\0");
            IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                    () -> SlabArenas.shared(name, 4, 64), shown);
            assertTrue(open.getMessage().startsWith("shared-memory name"), open.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SharedMemory.unlink(name), shown);
        }
        assertThrows(IllegalArgumentException.class, () -> SlabArenas.shared(null, 4, 64));
        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.shared("feed", 4, 64));
        assertTrue(slash.getMessage().contains("use \"/feed\""), slash.getMessage());
        IllegalArgumentException longName = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.shared("/" + "x".repeat(255), 4, 64));
        assertTrue(longName.getMessage().contains("256 bytes"), longName.getMessage());
    }

    @Test
    void nameOf255BytesIsAccepted() {
        String prefix = names.next();
        String name = names.track(prefix + "-" + "y".repeat(255 - prefix.length() - 1));
        assertEquals(255, name.length());
        try (SlabAllocator arena = SlabArenas.shared(name, 2, 64)) {
            assertEquals(80, arena.allocateOffset(1));
            assertTrue(Files.exists(UniqueShmNames.file(name)));
        }
        SharedMemory.unlink(name);
        assertFalse(Files.exists(UniqueShmNames.file(name)));
    }

    @Test
    void createdObjectIsOwnerOnlyByDefault() throws IOException {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, 2, 64)) {
            assertEquals(80, arena.allocateOffset(64));
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(UniqueShmNames.file(name)));
        }
        String group = names.next();
        try (SlabAllocator arena = SlabArenas.shared(group, ShmOptions.defaults().withPermissions(0660), 2, 64)) {
            assertEquals(80, arena.allocateOffset(64));
            assertEquals(PosixFilePermissions.fromString("rw-rw----"),
                    Files.getPosixFilePermissions(UniqueShmNames.file(group)));
        }
    }

    private static ByteBuffer readObject(String name) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(UniqueShmNames.file(name))).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The layout descriptor in the header's padding: 'AGEN', version 2, pool index, pools, size, count, total. */
    private static void assertDescriptor(ByteBuffer bytes, int base, int pool, long size) {
        assertEquals('A', bytes.get(base + 8));
        assertEquals('G', bytes.get(base + 9));
        assertEquals('E', bytes.get(base + 10));
        assertEquals('N', bytes.get(base + 11));
        assertEquals(2, bytes.getInt(base + 12));
        assertEquals(pool, bytes.getInt(base + 16));
        assertEquals(2, bytes.getInt(base + 20));
        assertEquals(size, bytes.getLong(base + 24));
        assertEquals(4, bytes.getLong(base + 32));
        assertEquals(1024, bytes.getLong(base + 40));
        assertEquals(ProcessHandle.current().pid(), bytes.getLong(base + 48));
    }
}

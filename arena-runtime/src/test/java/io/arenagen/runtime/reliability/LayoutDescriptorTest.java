package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout descriptor in bytes 8..63 of every pool header: what the initializer writes, that an
 * opener with another configuration is refused with both configurations named (even when the byte
 * sizes are equal and only the descriptor can tell), and that arenas made by the C++ library, whose
 * descriptor bytes are zero, are accepted.
 */
@Timeout(30)
class LayoutDescriptorTest {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void creatorWritesTheDescriptorOfEveryPool() throws Exception {
        String name = shm.name("descriptor");
        ArenaLayout layout = ArenaLayout.of(5, 16, 64, 4096);
        try (SlabAllocator arena = SlabArenas.shared(name, 5, 16, 64, 4096)) {
            MemorySegment memory = arena.memory();
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                long base = layout.poolOffset(pool);
                byte[] tag = memory.asSlice(base + 8, 4).toArray(ValueLayout.JAVA_BYTE);
                assertEquals("AGEN", new String(tag, StandardCharsets.US_ASCII), "tag bytes of pool " + pool);
                assertEquals(0x4E454741, memory.get(INT, base + 8), "tag of pool " + pool);
                assertEquals(2, memory.get(INT, base + 12), "version 2: chunks at 80");
                assertEquals(pool, memory.get(INT, base + 16), "pool index");
                assertEquals(3, memory.get(INT, base + 20), "pool count");
                assertEquals(layout.chunkSize(pool), memory.get(LONG, base + 24), "chunk size");
                assertEquals(5, memory.get(LONG, base + 32), "chunk count");
                assertEquals(layout.totalSize(), memory.get(LONG, base + 40), "total size");
                assertEquals(ProcessHandle.current().pid(), memory.get(LONG, base + 48), "initializer pid");
                assertEquals(ShmFixture.pidNamespace(), memory.get(LONG, base + 56), "initializer pid namespace");
                assertEquals(PoolHeader.MAGIC_READY, memory.get(LONG, base), "magic");
            }
        }
    }

    @Test
    void sameConfigurationAttachesAndSharesChunks() {
        String name = shm.name("same");
        try (SlabAllocator first = SlabArenas.shared(name, 3, 64);
             SlabAllocator second = SlabArenas.shared(name, 3, 64)) {
            Set<Long> offsets = new HashSet<>();
            offsets.add(first.allocateOffset(64));
            offsets.add(second.allocateOffset(64));
            offsets.add(first.allocateOffset(64));
            assertEquals(3, offsets.size(), "both handles draw from one pool");
            assertEquals(-1, second.allocateOffset(64), "the pool is shared, so it is exhausted now");
        }
    }

    @Test
    void equalByteSizesButOtherConfigurationIsRefusedNamingBoth() {
        String name = shm.name("equal-bytes");
        assertEquals(ArenaLayout.of(2, 64).totalSize(), ArenaLayout.of(1, 128).totalSize(),
                "premise: both configurations occupy the same bytes");
        try (SlabAllocator created = SlabArenas.shared(name, 2, 64)) {
            ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 1, 128).close());
            assertMentionsBoth(e, "2 x 64", "1 x 128");
            assertMentionsBoth(e, "(count=2, sizes=[64])", "(count=1, sizes=[128]");
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertTrue(created.allocateOffset(64) >= 0, "the refused opener left the creator's pool intact");
            assertTrue(created.allocateOffset(64) >= 0, "the refused opener left the creator's pool intact");
            assertEquals(-1, created.allocateOffset(1));
        }
    }

    @Test
    void otherChunkCountOnTheSamePageIsRefused() {
        String name = shm.name("other-count");
        try (SlabAllocator created = SlabArenas.shared(name, 4, 64, 256)) {
            ArenaException e = assertThrows(ArenaException.class,
                    () -> SlabArenas.shared(name, 3, 64, 256).close());
            assertMentionsBoth(e, "4 x 64", "3 x 64");
            assertEquals(ArenaLayout.of(4, 64, 256).chunksOffset(0), created.allocateOffset(1));
        }
    }

    @Test
    void otherPageCountIsRefusedNamingBoth() {
        String name = shm.name("other-size");
        try (SlabAllocator created = SlabArenas.shared(name, 4, 64)) {
            ArenaException e = assertThrows(ArenaException.class,
                    () -> SlabArenas.shared(name, 4, 64, 8192).close());
            assertMentionsBoth(e, "count=4, sizes=[64]", "count=4, sizes=[64, 8192]");
            assertEquals(80, created.allocateOffset(1));
        }
    }

    @Test
    void cppArenaWithZeroDescriptorIsAcceptedAndUsable() throws Exception {
        String name = shm.name("cpp");
        ArenaLayout layout = ArenaLayout.of(4, 16, 32);
        Path file = ShmFixture.create(name, ShmFixture.objectSize(layout));
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            // What BasicArena writes: links 0 -> 1 -> 2 -> 3 -> end, head index 0 generation 0, magic ready.
            for (int i = 0; i < 4; i++) {
                ShmFixture.putInt(file, layout.chunksOffset(pool) + (long) i * layout.chunkSize(pool), i == 3 ? -1 : i + 1);
            }
            ShmFixture.putLong(file, layout.headOffset(pool), 0L);
            ShmFixture.putLong(file, layout.poolOffset(pool), PoolHeader.MAGIC_READY);
        }
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16, 32)) {
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                long size = layout.chunkSize(pool);
                for (int i = 0; i < 4; i++) {
                    assertEquals(layout.chunksOffset(pool) + i * size, arena.tryAllocateOffset(size),
                            "chunk " + i + " of pool " + pool + " in the C++ order");
                }
                assertEquals(-1, arena.tryAllocateOffset(size));
            }
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                byte[] descriptor = arena.memory().asSlice(layout.poolOffset(pool) + 8, 56).toArray(ValueLayout.JAVA_BYTE);
                assertArrayEquals(new byte[56], descriptor, "an attaching Java process leaves C++ padding alone");
            }
        }
        assertTrue(Files.exists(file));
    }

    @Test
    void cppArenaOfAnotherCountIsRefusedWhenItsHeadSaysSo() throws Exception {
        String name = shm.name("cpp-count");
        ArenaLayout cpp = ArenaLayout.of(8, 16);
        Path file = ShmFixture.create(name, ShmFixture.objectSize(cpp));
        ShmFixture.putLong(file, cpp.headOffset(0), 4L); // head at index 4: beyond a 4-chunk configuration
        ShmFixture.putLong(file, cpp.poolOffset(0), PoolHeader.MAGIC_READY);
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 4, 16).close());
        assertTrue(e.getMessage().contains("head index 4, beyond count 4"), e.getMessage());
        // Index 3 fits a 4-chunk configuration, and so does its list once chunk 3 ends it: accepted.
        ShmFixture.putInt(file, cpp.chunksOffset(0) + 3 * 16, PoolHeader.EMPTY_INDEX);
        ShmFixture.putLong(file, cpp.headOffset(0), 3L);
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16)) {
            assertEquals(cpp.chunksOffset(0) + 3 * 16, arena.allocateOffset(16));
        }
    }

    private static void assertMentionsBoth(ArenaException e, String existing, String requested) {
        String message = e.getMessage();
        assertTrue(message.contains(existing), "names the existing configuration " + existing + ": " + message);
        assertTrue(message.contains(requested), "names the requested configuration " + requested + ": " + message);
        assertTrue(message.contains("unlink"), "says how to recover: " + message);
    }
}

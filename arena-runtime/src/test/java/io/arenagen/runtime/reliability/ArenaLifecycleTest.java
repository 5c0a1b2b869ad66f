package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ShmName;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resources and edges of an arena's life that misuse and crashes run into: nothing leaks when an
 * open fails or an arena closes (descriptors, locked memory), every path of a closed arena throws
 * {@link IllegalStateException}, size boundaries pick the right pool, and the small value types
 * behave as values.
 */
@Timeout(30)
class ArenaLifecycleTest {

    private static final ArenaLayout LAYOUT = ArenaLayout.of(4, 64, 256);

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void everyPathOfAClosedArenaThrows() {
        for (SlabAllocator arena : List.of(SlabArenas.local(4, 64, 256), SlabArenas.checked(SlabArenas.local(4, 64, 256)))) {
            MemorySegment chunk = arena.allocate(64);
            arena.close();
            arena.close();
            List<Consumer<SlabAllocator>> uses = List.of(a -> a.allocate(1), a -> a.tryAllocate(1),
                    a -> a.allocateOffset(1), a -> a.tryAllocateOffset(1), a -> a.allocateOffset(1000),
                    a -> a.tryAllocateOffset(1000), a -> a.deallocate(null), a -> a.deallocate(chunk),
                    a -> a.deallocateOffset(LAYOUT.chunksOffset(0)), a -> a.deallocateOffset(1),
                    SlabAllocator::memory, SlabAllocator::totalSize, SlabAllocator::mlock, a -> a.mbind(0));
            for (int i = 0; i < uses.size(); i++) {
                Consumer<SlabAllocator> use = uses.get(i);
                assertThrows(IllegalStateException.class, () -> use.accept(arena), "use " + i + " of " + arena);
            }
            assertTrue(arena.toString().endsWith(", closed]"), arena.toString());
        }
    }

    @Test
    void describesItself() {
        try (SlabAllocator arena = SlabArenas.local(4, 64, 256)) {
            assertEquals("RuntimeSlabArena[count=4, sizes=[64, 256], private memory]", arena.toString());
            assertEquals(LAYOUT.totalSize(), arena.totalSize());
            assertFalse(((AbstractSlabArena) arena).hugePages(), "a few hundred bytes never sit on huge pages");
            assertEquals(LAYOUT, ((AbstractSlabArena) arena).layout());
        }
    }

    @Test
    void sizeBoundariesPickThePool() {
        try (SlabAllocator arena = SlabArenas.local(4, 64, 256)) {
            assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(64), "64 fits the 64-byte pool");
            assertEquals(LAYOUT.chunksOffset(1), arena.allocateOffset(65), "65 needs the 256-byte pool");
            assertEquals(LAYOUT.chunksOffset(0) + 64, arena.tryAllocateOffset(0), "0 bytes from the smallest");
            assertEquals(LAYOUT.chunksOffset(0) + 128, arena.allocateOffset(0), "0 bytes from the smallest");
            assertEquals(LAYOUT.chunksOffset(1) + 256, arena.tryAllocateOffset(256));
            assertEquals(-1, arena.tryAllocateOffset(257));
            assertEquals(-1, arena.allocateOffset(257));
            assertNull(arena.tryAllocate(257));
            assertThrows(IllegalArgumentException.class, () -> arena.tryAllocateOffset(-1));
            assertThrows(IllegalArgumentException.class, () -> arena.allocateOffset(-1));
            arena.tryAllocateOffset(64);
            assertEquals(-1, arena.tryAllocateOffset(64), "tryAllocate never promotes");
            assertEquals(LAYOUT.chunksOffset(1) + 512, arena.allocateOffset(64), "allocate promotes");
            MemorySegment segment = arena.tryAllocate(200);
            assertEquals(200, segment.byteSize());
            assertEquals(LAYOUT.chunksOffset(1) + 768, segment.address() - arena.memory().address());
        }
    }

    @Test
    void segmentsGoBackToTheirPool() {
        try (SlabAllocator arena = SlabArenas.local(4, 64, 256)) {
            for (int round = 0; round < 3; round++) {
                List<MemorySegment> held = new ArrayList<>();
                Set<Long> addresses = new HashSet<>();
                for (int i = 0; i < 8; i++) {
                    MemorySegment chunk = arena.allocate(64);
                    held.add(chunk);
                    assertTrue(addresses.add(chunk.address()));
                }
                assertNull(arena.allocate(1));
                held.forEach(arena::deallocate);
            }
            try (Arena other = Arena.ofConfined()) {
                arena.deallocate(other.allocate(64));
            }
            PoolAudit.assertAllFree(arena.memory(), LAYOUT);
        }
    }

    @Test
    void closingReleasesTheDescriptorAndAFailedOpenLeaksNothing() throws Exception {
        String name = shm.name("fds");
        long before = openDescriptors();
        for (int i = 0; i < 20; i++) {
            try (SlabAllocator arena = SlabArenas.shared(name, 4, 64)) {
                assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(1));
                arena.deallocateOffset(LAYOUT.chunksOffset(0));
                assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 2, 128).close());
            }
        }
        assertEquals(before, openDescriptors(), "file descriptors leaked");
    }

    @Test
    void closingUnlocksLockedMemory() throws Exception {
        long before = lockedKilobytes();
        SlabAllocator arena = SlabArenas.local(64, 4096);
        arena.mlock();
        assertTrue(lockedKilobytes() >= before + 256, "mlock locked nothing");
        arena.close();
        assertEquals(before, lockedKilobytes(), "close did not munlock");
        try (SlabAllocator checked = SlabArenas.checked(SlabArenas.local(64, 4096))) {
            checked.mlock();
            checked.mbind(0);
            assertTrue(lockedKilobytes() >= before + 256, "mlock through checked mode locked nothing");
        }
    }

    @Test
    void mbindRejectsBadNodes() {
        try (SlabAllocator arena = SlabArenas.local(4, 64)) {
            assertThrows(IllegalArgumentException.class, () -> arena.mbind(-1));
            ArenaException e = assertThrows(ArenaException.class, () -> arena.mbind(1000));
            assertTrue(e.getMessage().contains("EINVAL (Invalid argument)") && e.getMessage().contains("node 1000"),
                    e.getMessage());
        }
    }

    @Test
    void largeLocalArenaFallsBackFromHugePagesWhenNoneAreReserved() throws Exception {
        assumeNoHugePages();
        ArenaLayout large = ArenaLayout.of(1024, 4096);
        try (SlabAllocator arena = SlabArenas.local(1024, 4096)) {
            assertFalse(((AbstractSlabArena) arena).hugePages());
            assertEquals(large.mappedSize(4096), arena.memory().byteSize());
            assertEquals(large.chunksOffset(0) + 1023 * 4096L, lastChunk(arena));
        }
    }

    @Test
    void arenaLargerThanTheAddressSpaceIsAClearFailure() {
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.local(0xFFFF_FFFFL, 1L << 20).close());
        assertEquals(12, e.errno(), "ENOMEM");
        assertTrue(e.getMessage().contains("ENOMEM") && e.getMessage().contains("lower count or sizes"), e.getMessage());
    }

    @Test
    void objectThatIsADirectoryIsAClearFailure() throws Exception {
        String name = shm.name("dir");
        Path directory = Files.createDirectory(ShmFixture.file(name));
        try {
            ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 4, 64).close());
            assertNotEquals(ArenaException.NO_ERRNO, e.errno());
            // glibc's shm_open turns EISDIR into EINVAL, whose "See shm_open(3)" told nobody what was wrong.
            assertEquals("shared-memory name " + name + " is a directory (" + directory + "), not a shared-memory "
                    + "object: it was left as it is, unread. Pick another name, or remove it (rmdir " + directory
                    + ") if nothing needs it.", e.getMessage());
            assertTrue(Files.isDirectory(directory), "left as it was");
        } finally {
            Files.delete(directory);
        }
    }

    @Test
    void shmOptionsAreValues() {
        ShmOptions a = ShmOptions.defaults().withPermissions(0640).withInitTimeout(Duration.ofMillis(7));
        ShmOptions b = ShmOptions.defaults().withInitTimeout(Duration.ofMillis(7)).withPermissions(0640);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.withPermissions(0600));
        assertNotEquals(a, b.withInitTimeout(Duration.ofMillis(8)));
        assertNotEquals(a.hashCode(), b.withPermissions(0600).hashCode());
        assertNotEquals(a.hashCode(), b.withInitTimeout(Duration.ofMillis(8)).hashCode());
        assertNotEquals(a, "ShmOptions");
        assertEquals("ShmOptions[permissions=0640, initTimeout=PT0.007S]", a.toString());
        assertEquals(Duration.ofSeconds(5), ShmOptions.defaults().initTimeout());
        assertEquals(Duration.ZERO, ShmOptions.defaults().withInitTimeout(Duration.ZERO).initTimeout());
        assertThrows(IllegalArgumentException.class, () -> ShmOptions.defaults().withInitTimeout(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> ShmOptions.defaults().withInitTimeout(null));
    }

    @Test
    void validNamesAreReturned() {
        assertEquals("/feed", ShmName.requireValid("/feed"));
    }

    private static long lastChunk(SlabAllocator arena) {
        long last = -1;
        for (long offset = arena.tryAllocateOffset(4096); offset >= 0; offset = arena.tryAllocateOffset(4096)) {
            last = offset;
        }
        return last;
    }

    private static void assumeNoHugePages() throws IOException {
        String reserved = Files.readString(Path.of("/proc/sys/vm/nr_hugepages")).trim();
        org.junit.jupiter.api.Assumptions.assumeTrue("0".equals(reserved), "huge pages are reserved on this machine");
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long lockedKilobytes() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmLck:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }
}

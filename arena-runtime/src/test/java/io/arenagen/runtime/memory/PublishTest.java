package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publishing a new shared object: it is built under a temporary name and linked to its name only when
 * complete, so the name never shows a half-made object; a failed creator leaves nothing behind, and the
 * temporaries of dead creators are removed by the next creator.
 */
@Timeout(60)
class PublishTest {

    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long PAGE = Libc.pageSize();

    private final UniqueShmNames names = new UniqueShmNames("publish");
    private final List<Path> crafted = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        names.unlinkAll();
        for (Path file : crafted) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aNewObjectIsInitializedBeforeItsNameAppearsAndItsTemporaryNameIsGone() throws Exception {
        String name = names.next();
        Path file = UniqueShmNames.file(name);
        AtomicInteger calls = new AtomicInteger();
        try (MappedRegion region = SharedObject.open(name, 2 * PAGE, 0640, 0, "test", false, memory -> {
            calls.incrementAndGet();
            assertEquals(2 * PAGE, memory.byteSize(), "the initializer sees the whole object");
            assertEquals(0L, memory.get(LONG_LE, PAGE), "zero-filled");
            assertFalse(Files.exists(file), "the name must not appear before the object is complete");
            List<String> temporaries = temporariesOf(name);
            assertEquals(1, temporaries.size(), "built under one temporary name: " + temporaries);
            assertTrue(temporaries.get(0).startsWith(name.substring(1) + ".arenagen-tmp."), temporaries.get(0));
            memory.set(LONG_LE, 8, 0x1234_5678_9abcL);
        })) {
            assertEquals(1, calls.get());
            assertTrue(region.created());
            assertEquals("shared object " + name, region.description());
            assertEquals(0x1234_5678_9abcL, region.segment().get(LONG_LE, 8));
            assertEquals(2 * PAGE, Files.size(file));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    "exactly the requested bits, whatever the umask");
            assertEquals(List.of(), temporariesOf(name), "the temporary name is removed once published");
            assertEquals(List.of(), mappingsOf(name), "the creator maps the object by its name, not the temporary "
                    + "one, so that lsof and fuser show it among the object's users");
            assertTrue(Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .anyMatch(line -> line.endsWith(" " + file)), "mapped as " + file);
            try (MappedRegion second = SharedObject.open(name, 2 * PAGE, 0640, 0, "test", false,
                    memory -> calls.incrementAndGet())) {
                assertFalse(second.created());
                assertEquals(1, calls.get(), "an attacher never initializes");
                assertEquals(0x1234_5678_9abcL, second.segment().get(LONG_LE, 8));
            }
        }
    }

    @Test
    void theSixArgumentOpenPublishesAZeroFilledObject() throws Exception {
        String name = names.next();
        try (MappedRegion region = SharedObject.open(name, PAGE, 0600, 0, "test", false)) {
            assertTrue(region.created());
            assertEquals(0L, region.segment().get(LONG_LE, 0));
            assertEquals(PAGE, Files.size(UniqueShmNames.file(name)));
        }
    }

    @Test
    void aFailingInitializerLeavesNeitherTheNameNorATemporary() {
        String name = names.next();
        IllegalStateException broken = new IllegalStateException("initializer broke");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> SharedObject.open(name, PAGE, 0600, 0, "test", false, memory -> {
                    throw broken;
                }));
        assertSame(broken, thrown, "the initializer's own exception propagates");
        assertFalse(Files.exists(UniqueShmNames.file(name)), "nothing was published");
        assertEquals(List.of(), temporariesOf(name), "the temporary object was removed");
        assertEquals(List.of(), mappingsOf(name), "and unmapped");
    }

    @Test
    void whoeverPublishesWhileThisCreatorBuildsWinsAndThisOneAttachesToTheirs() throws Exception {
        String name = names.next();
        Path file = UniqueShmNames.file(name);
        AtomicInteger calls = new AtomicInteger();
        try (MappedRegion region = SharedObject.open(name, PAGE, 0600, 0, "test", false, memory -> {
            calls.incrementAndGet();
            memory.set(LONG_LE, 0, 1L);
            // Meanwhile another creator (a C++ process, say) makes the name, sized, owner-only.
            try {
                Files.write(file, bytes(PAGE, 2L), StandardOpenOption.CREATE_NEW);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        })) {
            assertEquals(1, calls.get(), "built once; the link then found the name taken");
            assertFalse(region.created(), "attached to the other creator's object");
            assertEquals(2L, region.segment().get(LONG_LE, 0), "the other creator's bytes, not ours");
            assertEquals(List.of(), temporariesOf(name), "its own object removed");
            assertEquals(List.of(), mappingsOf(name), "and unmapped");
        }
    }

    @Test
    void aNullInitializerIsRefusedByName() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> SharedObject.open(names.next(), PAGE, 0600, 0, "test", false, null));
        assertEquals("initializer", e.getMessage());
    }

    @Test
    void creatorsRacingToPublishAllEndOnOneObject() throws Exception {
        String name = names.next();
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicLong ids = new AtomicLong();
        AtomicInteger initializations = new AtomicInteger();
        List<MappedRegion> regions = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            racers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                    MappedRegion region = SharedObject.open(name, PAGE, 0600, 1_000_000_000L, "test", false,
                            memory -> {
                                initializations.incrementAndGet();
                                memory.set(LONG_LE, 0, ids.incrementAndGet());
                            });
                    synchronized (regions) {
                        regions.add(region);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread racer : racers) {
            racer.join(TimeUnit.SECONDS.toMillis(30));
        }
        try {
            assertEquals(List.of(), failures);
            assertEquals(threads, regions.size());
            assertEquals(1, regions.stream().filter(MappedRegion::created).count(), "exactly one publisher");
            Set<Long> seen = new HashSet<>();
            for (MappedRegion region : regions) {
                seen.add(region.segment().get(LONG_LE, 0));
            }
            assertEquals(1, seen.size(), "every racer maps the one published object: " + seen);
            assertTrue(seen.iterator().next() > 0, "and it is initialized");
            assertTrue(initializations.get() >= 1);
            assertEquals(List.of(), temporariesOf(name), "the losers removed their temporary objects");
            assertEquals(List.of(), mappingsOf(name), "and unmapped them");
        } finally {
            regions.forEach(MappedRegion::close);
        }
    }

    @Test
    void arenasRacingToCreateShareOneObjectWithEveryPoolDescribed() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(64, 16, 256);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<SlabAllocator> arenas = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            racers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    SlabAllocator arena = SlabArenas.shared(name, 64, 16, 256);
                    synchronized (arenas) {
                        arenas.add(arena);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread racer : racers) {
            racer.join(TimeUnit.SECONDS.toMillis(30));
        }
        try {
            assertEquals(List.of(), failures);
            assertEquals(threads, arenas.size());
            Set<Long> offsets = new HashSet<>();
            for (int round = 0; round < layout.count(); round++) {
                long offset = arenas.get(round % threads).tryAllocateOffset(16);
                assertTrue(offsets.add(offset), "chunk " + offset + " handed out twice: two objects, not one");
            }
            assertEquals(-1, arenas.get(0).tryAllocateOffset(16), "one pool of 64 chunks, shared by all");
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                assertEquals(PoolHeader.DESCRIPTOR_TAG,
                        arenas.get(1).memory().get(INT_LE, layout.poolOffset(pool) + PoolHeader.TAG_OFFSET));
            }
        } finally {
            arenas.forEach(SlabAllocator::close);
        }
        assertEquals(List.of(), temporariesOf(name));
    }

    @Test
    void aLeftoverTemporaryOfADeadCreatorIsRemovedByTheNextCreator() throws Exception {
        long dead = deadPid();
        long namespace = ProcessLiveness.pidNamespace();
        String name = names.next();
        Path leftover = craft(name.substring(1) + ".arenagen-tmp." + namespace + "." + dead + ".3.0badcafe");
        try (MappedRegion region = SharedObject.open(names.next(), PAGE, 0600, 0, "test", false, memory -> { })) {
            assertTrue(region.created());
        }
        assertFalse(Files.exists(leftover), "a dead creator's temporary is removed by any later creator");
    }

    @Test
    void temporariesOfLiveOrUnjudgeableCreatorsAreKept() throws Exception {
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            long namespace = ProcessLiveness.pidNamespace();
            String base = names.next().substring(1);
            Path alive = craft(base + ".arenagen-tmp." + namespace + "." + live.pid() + ".1.00000001");
            Path otherNamespace = craft(base + ".arenagen-tmp." + (namespace + 1) + "." + deadPid() + ".1.00000002");
            Path hugePid = craft(base + ".arenagen-tmp." + namespace + ".99999999999.1.00000003");
            Path notOurs = craft(base + ".arenagen-tmp." + namespace + ".x.1.00000004");
            assertFalse(TemporaryName.abandoned(alive.getFileName().toString()), "its creator runs");
            assertFalse(TemporaryName.abandoned(otherNamespace.getFileName().toString()),
                    "a pid of another pid namespace is never judged");
            assertFalse(TemporaryName.abandoned(hugePid.getFileName().toString()), "not a pid kill(2) can probe");
            assertFalse(TemporaryName.abandoned(notOurs.getFileName().toString()), "not a temporary name");
            assertFalse(TemporaryName.abandoned(base + ".arenagen-tmp." + namespace + "." + deadPid() + ".1.0badcafe0"),
                    "not a temporary name: the random part is 8 hex digits");
            assertFalse(TemporaryName.abandoned(base + ".arenagen-tmp.9999999999999999999." + deadPid() + ".1.0badcafe"),
                    "a namespace beyond the range of a long is not judged");
            try (MappedRegion region = SharedObject.open(names.next(), PAGE, 0600, 0, "test", false, m -> { })) {
                assertTrue(region.created());
            }
            assertTrue(Files.exists(alive) && Files.exists(otherNamespace) && Files.exists(hugePid)
                    && Files.exists(notOurs), "kept");
        } finally {
            live.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ourOwnPidIsAbandonedUnlessAThreadOfOursIsBuildingThatName() throws Exception {
        long namespace = ProcessLiveness.pidNamespace();
        long self = ProcessHandle.current().pid();
        String previousIncarnation = "x.arenagen-tmp." + namespace + "." + self + ".1.12345678";
        assertTrue(TemporaryName.abandoned(previousIncarnation), "this pid's, but not built by this process");
        String building = TemporaryName.reserve("/x");
        try {
            assertTrue(building.startsWith("/x.arenagen-tmp." + namespace + "." + self + "."), building);
            assertFalse(TemporaryName.abandoned(building.substring(1)), "a thread of ours builds it right now");
        } finally {
            TemporaryName.release(building);
        }
        assertTrue(TemporaryName.abandoned(building.substring(1)), "released: a leftover if it still existed");
        Path leftover = craft(previousIncarnation.replace("x.", names.next().substring(1) + "."));
        assertTrue(TemporaryName.removeLeftovers() >= 1);
        assertFalse(Files.exists(leftover));
    }

    @Test
    void temporaryNamesOfLongNamesAreCutToFitAndStillWork() throws Exception {
        String name = names.track("/" + "é".repeat(100) + "-" + ProcessHandle.current().pid() + "-" + "a".repeat(40));
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255);
        String temporary = TemporaryName.reserve(name);
        TemporaryName.release(temporary);
        byte[] bytes = temporary.substring(1).getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length <= TemporaryName.NAME_MAX, temporary + " is " + bytes.length + " bytes");
        assertTrue(bytes.length >= TemporaryName.NAME_MAX - 1, "cut no shorter than it must be: " + bytes.length);
        assertTrue(temporary.startsWith("/éé"), temporary);
        assertTrue(TemporaryName.abandoned(temporary.substring(1)), "still recognised (our pid, not building)");
        try (MappedRegion region = SharedObject.open(name, PAGE, 0600, 0, "test", false, m -> { })) {
            assertTrue(region.created());
        }
        assertTrue(Files.exists(UniqueShmNames.file(name)));
    }

    @Test
    void prefixCutsAtCharacterBoundaries() {
        assertEquals("ab", TemporaryName.prefix("abc", 2));
        assertEquals("abc", TemporaryName.prefix("abc", 3));
        assertEquals("abc", TemporaryName.prefix("abc", 30));
        assertEquals("a", TemporaryName.prefix("aé", 2), "é is two bytes");
        assertEquals("aé", TemporaryName.prefix("aé", 3));
        assertEquals("", TemporaryName.prefix("\uD83D\uDE00", 3), "a 4-byte character is kept whole or left out");
        assertEquals("\uD83D\uDE00", TemporaryName.prefix("\uD83D\uDE00x", 4));
    }

    @Test
    void anObjectThatShmOpenKeepsElsewhereIsALoudFailureAndLeavesNothing() throws Exception {
        String name = names.next();
        Path elsewhere = Files.createTempDirectory("not-dev-shm");
        try {
            ArenaException e = assertThrows(ArenaException.class, () -> SharedObject.open(name, PAGE, 0600, 0,
                    "test", false, m -> { }, elsewhere.toString()));
            assertTrue(e.getMessage().contains("created the new shared object " + name + " somewhere other than "
                    + elsewhere) && e.getMessage().contains("link(2)") && e.getMessage().contains("Nothing was "
                    + "published") && e.getMessage().contains("mount -t tmpfs"), e.getMessage());
            assertFalse(Files.exists(UniqueShmNames.file(name)));
            assertEquals(List.of(), temporariesOf(name));
            try (Stream<Path> files = Files.list(elsewhere)) {
                assertEquals(0, files.count());
            }
        } finally {
            Files.delete(elsewhere);
        }
    }

    @Test
    void sharedArenaWithNullOptionsSaysWhatToPass() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> SlabArenas.shared(names.next(), (ShmOptions) null, 4, 16));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().startsWith("options is null") && e.getMessage().contains("ShmOptions.defaults()"),
                e.getMessage());
    }

    /** {@code size} bytes whose first 8 hold {@code first}, little-endian. */
    private static byte[] bytes(long size, long first) {
        byte[] bytes = new byte[(int) size];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, first);
        return bytes;
    }

    /** Lines of /proc/self/maps that map a temporary object of {@code name}: a creator must unmap its own. */
    private static List<String> mappingsOf(String name) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(line -> line.contains("/dev/shm/" + name.substring(1) + ".arenagen-tmp.")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Files in /dev/shm that are temporaries of {@code name}. */
    private static List<String> temporariesOf(String name) {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(name.substring(1) + ".")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path craft(String fileName) throws IOException {
        Path file = Files.write(Path.of("/dev/shm", fileName), new byte[0]);
        crafted.add(file);
        return file;
    }

    /** A pid that no process has: that of a child that has exited and been reaped. */
    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        assertFalse(ProcessLiveness.isAlive(gone.pid()));
        return gone.pid();
    }
}

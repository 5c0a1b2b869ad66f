package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes that died while setting an object up. A pool left "busy" by a process that is provably
 * gone is taken over; one whose initializer is alive or unknown (pid 0, as C++ leaves it) ends in a
 * bounded wait and an {@link ArenaException} that names the object and says to unlink it. The same
 * holds for an object that was created but never sized.
 */
@Timeout(30)
class DeadInitializerTest {

    private static final long COUNT = 6;
    private static final long[] SIZES = {16, 128};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);
    private static final ShmOptions SHORT_WAIT = ShmOptions.defaults().withInitTimeout(Duration.ofMillis(300));
    private static final Duration BOUND = Duration.ofSeconds(3);

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void poolLeftBusyByADeadProcessIsTakenOver() throws Exception {
        String name = shm.name("dead");
        long deadPid = deadProcessPid();
        Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
        // Half-written like a process killed mid-way: busy, its pid, a garbage head and a broken link.
        ShmFixture.putLong(file, LAYOUT.poolOffset(1), PoolHeader.MAGIC_BUSY);
        ShmFixture.putLong(file, LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_OFFSET, deadPid);
        ShmFixture.putLong(file, LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET, ShmFixture.pidNamespace());
        ShmFixture.putLong(file, LAYOUT.headOffset(1), 0x0000_0007_0000_0003L);
        ShmFixture.putInt(file, LAYOUT.chunksOffset(1), 0x7777);
        long started = System.nanoTime();
        try (SlabAllocator arena = SlabArenas.shared(name, SHORT_WAIT, COUNT, SIZES)) {
            assertTrue(System.nanoTime() - started < BOUND.toNanos(), "take-over was not prompt");
            assertEquals(ProcessHandle.current().pid(), arena.memory().get(
                    ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN),
                    LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_OFFSET), "the taker records itself");
            PoolAudit.assertAllFree(arena.memory(), LAYOUT);
            for (int i = 0; i < COUNT; i++) {
                assertEquals(LAYOUT.chunksOffset(1) + i * 128L, arena.tryAllocateOffset(128), "rebuilt list, chunk " + i);
            }
            assertEquals(-1, arena.tryAllocateOffset(128));
        }
    }

    @Test
    void poolBusyWithoutAPidEndsInABoundedClearError() throws Exception {
        String name = shm.name("no-pid");
        Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
        ShmFixture.putLong(file, LAYOUT.poolOffset(0), PoolHeader.MAGIC_BUSY);
        assertStuck(name, file, "recorded no pid");
    }

    @Test
    void poolBusyWithALiveInitializerEndsInABoundedClearError() throws Exception {
        String name = shm.name("live");
        Process live = new ProcessBuilder("sleep", "30").start();
        try {
            Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
            ShmFixture.putLong(file, LAYOUT.poolOffset(0), PoolHeader.MAGIC_BUSY);
            ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_OFFSET, live.pid());
            ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                    ShmFixture.pidNamespace());
            assertStuck(name, file, "pid " + live.pid() + ") is still running");
        } finally {
            live.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deadPidOfAnUnknownNamespaceIsNotTakenOver() throws Exception {
        String name = shm.name("other-ns");
        Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
        long deadPid = deadProcessPid();
        ShmFixture.putLong(file, LAYOUT.poolOffset(0), PoolHeader.MAGIC_BUSY);
        ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_OFFSET, deadPid);
        ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                ShmFixture.pidNamespace() + 1); // the pid may name a live process of another container
        assertStuck(name, file, "pid " + deadPid);
    }

    @Test
    void objectNeverSizedEndsInABoundedClearError() throws Exception {
        String name = shm.name("unsized");
        Path file = Files.createFile(ShmFixture.file(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        long started = System.nanoTime();
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, SHORT_WAIT, COUNT, SIZES).close());
        long elapsed = System.nanoTime() - started;
        assertTrue(elapsed >= Duration.ofMillis(300).toNanos(), "gave up before the timeout: " + elapsed);
        assertTrue(elapsed < BOUND.toNanos(), "wait not bounded: " + elapsed);
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("size 0 after 300 ms")
                && e.getMessage().contains("unlink"), e.getMessage());
        assertEquals(0, Files.size(file), "the opener must not size an object it did not create");
    }

    @Test
    void objectSizedDuringTheWaitIsOpened() throws Exception {
        String name = shm.name("late-size");
        Path file = Files.createFile(ShmFixture.file(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Thread creator = new Thread(() -> {
            try {
                Thread.sleep(150);
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(ShmFixture.objectSize(LAYOUT));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        creator.start();
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withInitTimeout(Duration.ofSeconds(5)),
                COUNT, SIZES)) {
            PoolAudit.assertAllFree(arena.memory(), LAYOUT);
            assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(1));
        } finally {
            creator.join(10_000);
        }
    }

    static void assertStuck(String name, Path file, String who) throws Exception {
        byte[] before = Files.readAllBytes(file);
        long started = System.nanoTime();
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, SHORT_WAIT, COUNT, SIZES).close());
        long elapsed = System.nanoTime() - started;
        assertTrue(elapsed >= Duration.ofMillis(300).toNanos(), "gave up before the timeout: " + elapsed);
        assertTrue(elapsed < BOUND.toNanos(), "wait not bounded: " + elapsed);
        assertTrue(e.getMessage().contains(name), "names the object: " + e.getMessage());
        assertTrue(e.getMessage().contains("unlink"), "says to unlink: " + e.getMessage());
        assertTrue(e.getMessage().contains(who), "says who initializes: " + e.getMessage());
        assertTrue(e.getMessage().contains("more than 300 ms"), "says how long it waited: " + e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "a pool whose initializer may be alive must not be touched");
    }

    /** The pid of a process that has exited and been reaped. */
    private static long deadProcessPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        long pid = process.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "premise: it is gone");
        return pid;
    }
}

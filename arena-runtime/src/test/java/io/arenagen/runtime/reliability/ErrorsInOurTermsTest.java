package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.internal.Errno;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures told in the runtime's terms: every errno by name, an interrupted wait that ends at once
 * with the interrupt status kept, a truncated object refused at attach, and a pool left busy by a
 * previous incarnation that had this process's pid.
 */
@Timeout(60)
class ErrorsInOurTermsTest {

    private static final long COUNT = 6;
    private static final long[] SIZES = {16, 128};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);
    private static final ShmOptions LONG_WAIT = ShmOptions.defaults().withInitTimeout(Duration.ofSeconds(20));
    private static final long PROMPT_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        Thread.interrupted();
        shm.close();
    }

    @Test
    void everyErrnoOfTheCallsWeMakeHasItsName() {
        Map<Integer, String> expected = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
                Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"), Map.entry(5, "EIO"), Map.entry(9, "EBADF"),
                Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"),
                Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"),
                Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"),
                Map.entry(24, "EMFILE"), Map.entry(26, "ETXTBSY"), Map.entry(27, "EFBIG"), Map.entry(28, "ENOSPC"),
                Map.entry(29, "ESPIPE"), Map.entry(30, "EROFS"), Map.entry(36, "ENAMETOOLONG"),
                Map.entry(38, "ENOSYS"), Map.entry(40, "ELOOP"), Map.entry(75, "EOVERFLOW"),
                Map.entry(95, "EOPNOTSUPP"), Map.entry(122, "EDQUOT"));
        expected.forEach((errno, name) -> {
            assertEquals(name, Errno.name(errno), "errno " + errno);
            assertTrue(Errno.describe(errno).startsWith(name + " ("), Errno.describe(errno));
        });
        assertEquals("errno 4095", Errno.name(4095), "an unknown value still says what it is");
    }

    @Test
    void anInterruptedWaiterStopsAtOnceAndKeepsItsInterruptStatus() throws Exception {
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            String name = shm.name("interrupted");
            Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
            ShmFixture.putLong(file, LAYOUT.poolOffset(0), PoolHeader.MAGIC_BUSY);
            ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_OFFSET, live.pid());
            ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                    ShmFixture.pidNamespace());
            byte[] before = Files.readAllBytes(file);
            Thread.currentThread().interrupt();
            long started = System.nanoTime();
            ArenaException e = assertThrows(ArenaException.class,
                    () -> SlabArenas.shared(name, LONG_WAIT, COUNT, SIZES).close());
            assertTrue(System.nanoTime() - started < PROMPT_NANOS, "an interrupted wait must end promptly");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("interrupted while waiting")
                    && e.getMessage().contains("pool 0"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), "nothing was changed");
        } finally {
            Thread.interrupted();
            live.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anInterruptedWaitForTheSizeStopsAtOnce() throws Exception {
        String name = shm.name("interrupted-size");
        Files.createFile(ShmFixture.file(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Thread.currentThread().interrupt();
        long started = System.nanoTime();
        ArenaException e = assertThrows(ArenaException.class,
                () -> SlabArenas.shared(name, LONG_WAIT, COUNT, SIZES).close());
        assertTrue(System.nanoTime() - started < PROMPT_NANOS, "an interrupted wait must end promptly");
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("interrupted while waiting"), e.getMessage());
        assertEquals(0, Files.size(ShmFixture.file(name)));
    }

    @Test
    void aTruncatedObjectIsRefusedAtAttach() throws Exception {
        String name = shm.name("truncated");
        long size = ShmFixture.objectSize(ArenaLayout.of(64, 1024));
        try (SlabAllocator arena = SlabArenas.shared(name, 64, 1024)) {
            assertEquals(size, arena.memory().byteSize());
            try (RandomAccessFile raf = new RandomAccessFile(ShmFixture.file(name).toFile(), "rw")) {
                raf.setLength(size / 2); // another process shrinks it under the running arena
            }
            ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 64, 1024).close());
            assertTrue(e.getMessage().contains("is " + size / 2 + " bytes") && e.getMessage().contains(
                    "needs " + size + " bytes") && e.getMessage().contains("unlink"), e.getMessage());
        }
    }

    @Test
    void ourOwnPidLeftBusyByAPreviousIncarnationIsTakenOver() throws Exception {
        String name = shm.name("own-pid");
        Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
        long self = ProcessHandle.current().pid();
        // A container restarted: its new process got the pid of the one that died mid-initialization.
        ShmFixture.putLong(file, LAYOUT.poolOffset(1), PoolHeader.MAGIC_BUSY);
        ShmFixture.putLong(file, LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_OFFSET, self);
        ShmFixture.putLong(file, LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                ShmFixture.pidNamespace());
        ShmFixture.putLong(file, LAYOUT.headOffset(1), 0x0000_0003_0000_0004L);
        long started = System.nanoTime();
        try (SlabAllocator arena = SlabArenas.shared(name, LONG_WAIT, COUNT, SIZES)) {
            assertTrue(System.nanoTime() - started < PROMPT_NANOS, "take-over was not prompt");
            assertEquals(self, arena.memory().get(ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN),
                    LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_OFFSET));
            PoolAudit.assertAllFree(arena.memory(), LAYOUT);
            assertEquals(LAYOUT.chunksOffset(1), arena.tryAllocateOffset(128), "rebuilt list");
        }
    }
}

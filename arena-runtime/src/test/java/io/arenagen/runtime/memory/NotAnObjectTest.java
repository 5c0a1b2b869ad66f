package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.net.StandardProtocolFamily.UNIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whatever else somebody puts into {@code /dev/shm} under an arena's name (a directory, a FIFO, a socket,
 * a symbolic link, a device) is refused with what it is and how to get rid of it, by the arena open and by
 * the read-only mapping of the inspector alike, promptly: a FIFO opened for reading would otherwise block
 * until a writer comes, which any local user could use to stall monitoring.
 */
@Timeout(60)
class NotAnObjectTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    /** Owner-only and big enough to be asked for: the checks of a real object come after the type check. */
    private static final ShmOptions OWNER_ONLY = ShmOptions.defaults().withInitTimeout(Duration.ofMillis(200));

    private final UniqueShmNames names = new UniqueShmNames("odd");
    private final List<Path> made = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (Path file : made.reversed()) {
            Files.deleteIfExists(file); // first: shm_unlink refuses a directory
        }
        names.unlinkAll();
    }

    @Test
    void aFifoIsRefusedWithoutBlockingByTheArenaAndTheInspector() throws Exception {
        String name = names.next();
        Path fifo = made(UniqueShmNames.file(name));
        run("mkfifo", "-m", "600", fifo.toString());
        String expected = "shared-memory name " + name + " is a FIFO (named pipe) (" + fifo + "), not a "
                + "shared-memory object: it was left as it is, unread. Pick another name, or remove it (rm " + fifo
                + ") if nothing needs it.";
        assertEquals(expected, refusal(() -> SlabArenas.shared(name, OWNER_ONLY, 4, 16).close()).getMessage());
        assertEquals(expected, refusal(() -> ReadOnlyMapping.open(name).close()).getMessage());
        assertEquals(expected, refusal(() -> SharedMemory.inspect(name)).getMessage());
        assertTrue(Files.exists(fifo), "left as it was");
    }

    @Test
    void theInspectorOnADirectorySaysItIsADirectory() throws Exception {
        String name = names.next();
        Path directory = made(Files.createDirectory(UniqueShmNames.file(name)));
        ArenaException e = refusal(() -> ReadOnlyMapping.open(name).close());
        assertEquals("shared-memory name " + name + " is a directory (" + directory + "), not a shared-memory "
                + "object: it was left as it is, unread. Pick another name, or remove it (rmdir " + directory
                + ") if nothing needs it.", e.getMessage());
        assertEquals(ArenaException.NO_ERRNO, e.errno(), "refused after fstat, not by a failed call");
    }

    @Test
    void aSocketIsRefusedByTheArenaAndTheInspector() throws Exception {
        String name = names.next();
        Path socket = made(UniqueShmNames.file(name));
        try (ServerSocketChannel server = ServerSocketChannel.open(UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            ArenaException arena = refusal(() -> SlabArenas.shared(name, OWNER_ONLY, 4, 16).close());
            assertTrue(arena.getMessage().startsWith("shared-memory name " + name + " is a socket ("),
                    arena.getMessage());
            assertEquals(Errno.ENXIO, arena.errno(), "shm_open's errno is kept");
            ArenaException inspector = refusal(() -> ReadOnlyMapping.open(name).close());
            assertEquals(arena.getMessage(), inspector.getMessage());
        }
    }

    @Test
    void aSymbolicLinkIsRefusedAndSaidToBeOne() throws Exception {
        String target = names.next();
        String name = names.next();
        Path link = made(Files.createSymbolicLink(UniqueShmNames.file(name), UniqueShmNames.file(target)));
        SlabArenas.shared(target, 4, 16).close();
        ArenaException e = refusal(() -> SlabArenas.shared(name, OWNER_ONLY, 4, 16).close());
        assertEquals("shared-memory name " + name + " is a symbolic link (" + link + "), not a shared-memory "
                + "object, and shm_open never follows a symbolic link: it was left as it is, unread. Pick another "
                + "name, or remove it (rm " + link + ") if nothing needs it.", e.getMessage());
        assertEquals(Errno.ELOOP, e.errno());
        assertEquals(e.getMessage(), refusal(() -> ReadOnlyMapping.open(name).close()).getMessage());
    }

    @Test
    void aDeviceIsRefusedBeforeAnythingIsMapped() throws Exception {
        assumeTrue(Libc.geteuid() == 0, "mknod needs root");
        String name = names.next();
        Path device = made(UniqueShmNames.file(name));
        run("mknod", "-m", "600", device.toString(), "c", "1", "3"); // another /dev/null
        String expected = "shared-memory name " + name + " is a character device (" + device + ")";
        assertTrue(refusal(() -> SlabArenas.shared(name, OWNER_ONLY, 4, 16).close()).getMessage()
                .startsWith(expected));
        assertTrue(refusal(() -> ReadOnlyMapping.open(name).close()).getMessage().startsWith(expected));
    }

    @Test
    void everyFileTypeHasAName() {
        assertEquals("a regular file", type(Libc.S_IFREG));
        assertEquals("a directory", type(Libc.S_IFDIR));
        assertEquals("a FIFO (named pipe)", type(Libc.S_IFIFO));
        assertEquals("a character device", type(Libc.S_IFCHR));
        assertEquals("a block device", type(Libc.S_IFBLK));
        assertEquals("a socket", type(Libc.S_IFSOCK));
        assertEquals("a symbolic link", type(Libc.S_IFLNK));
        assertEquals("a file of type 0150000", type(0150000));
        assertTrue(new Libc.FileStatus(0, 0600, 1, 2, 0, Libc.S_IFREG).regularFile());
        assertTrue(!new Libc.FileStatus(0, 0600, 1, 2, 0, Libc.S_IFDIR).regularFile());
    }

    @Test
    void aRegularFileIsNotRefusedAsSomethingElse() throws Exception {
        String name = names.next();
        SlabArenas.shared(name, 4, 16).close();
        assertTrue(ShmFile.notAnObject(name, Errno.EINVAL).isEmpty(), "a regular file is an object");
        assertTrue(ShmFile.notAnObject(names.next(), Errno.ENOENT).isEmpty(), "nothing there: no refusal");
        try (ReadOnlyMapping mapping = ReadOnlyMapping.open(name)) {
            assertTrue(mapping.status().regularFile());
            assertEquals(Libc.S_IFREG, mapping.status().type());
        }
    }

    private static String type(int type) {
        return new Libc.FileStatus(0, 0600, 1, 2, 0, type).typeName();
    }

    private static ArenaException refusal(Executable open) {
        return assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(ArenaException.class, open),
                "opening must not block");
    }

    private Path made(Path file) {
        made.add(file);
        return file;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0,
                String.join(" ", command) + ": " + output);
    }
}

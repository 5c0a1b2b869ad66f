package io.arenagen.inspect;

import io.arenagen.runtime.SharedMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique shared-object names for one test, unlinked by {@link #close()}, and the objects behind them as
 * files in {@code /dev/shm} (glibc's {@code shm_open} opens there), so that a test can craft what a C++
 * process, a crashed initializer or a stray write leaves behind.
 */
final class ShmFiles implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> names = new ArrayList<>();

    String name() {
        String name = "/ag-inspect-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        SharedMemory.unlink(name);
        names.add(name);
        return name;
    }

    static Path file(String name) {
        return Path.of("/dev/shm", name.substring(1));
    }

    /** Creates {@code name} with {@code size} zero bytes and permission bits {@code rwx} ("rw-r--r--"). */
    static void create(String name, long size, String rwx) throws IOException {
        Path file = Files.createFile(file(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(rwx)));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    static void putLong(String name, long offset, long value) throws IOException {
        write(name, offset, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value));
    }

    static void putInt(String name, long offset, int value) throws IOException {
        write(name, offset, ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
    }

    private static void write(String name, long offset, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file(name), StandardOpenOption.WRITE)) {
            channel.write(bytes, offset);
        }
    }

    /** Inode of this process's pid namespace, as an initializer records it beside its pid. */
    static long pidNamespace() throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
    }

    @Override
    public void close() {
        names.forEach(SharedMemory::unlink);
    }
}

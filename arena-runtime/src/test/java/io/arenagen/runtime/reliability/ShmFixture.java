package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.ArenaLayout;

import java.io.IOException;
import java.io.RandomAccessFile;
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
 * Shared-memory names unique to this test run, and access to the objects behind them as files in
 * {@code /dev/shm} (glibc's {@code shm_open} is {@code open} there), so that tests can craft objects
 * the way a crashed process, a C++ process or a foreign program would leave them. Every name handed
 * out is unlinked by {@link #close()}.
 */
final class ShmFixture implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> names = new ArrayList<>();

    /** A fresh name, {@code /ag-test-<pid>-<n>-<tag>}, unlinked on {@link #close()}. */
    String name(String tag) {
        String name = "/ag-test-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + tag;
        names.add(name);
        SharedMemory.unlink(name);
        return name;
    }

    /** The file behind shared-memory object {@code name}. */
    static Path file(String name) {
        return Path.of("/dev/shm", name.substring(1));
    }

    /** The size of the object that {@code layout} needs: its footprint rounded up to pages. */
    static long objectSize(ArenaLayout layout) {
        return layout.mappedSize(Libc.pageSize());
    }

    /** Inode of this process's pid namespace, as an initializer records it next to its pid. */
    static long pidNamespace() throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
    }

    /** Creates {@code name} owner-only with {@code size} zero bytes, as {@code shm_open + ftruncate} would. */
    static Path create(String name, long size) throws IOException {
        Path file = Files.createFile(file(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    /** Writes a little-endian long at {@code offset} of the object's file. */
    static void putLong(Path file, long offset, long value) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(buffer, offset);
        }
    }

    /** Writes a little-endian int at {@code offset} of the object's file. */
    static void putInt(Path file, long offset, int value) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(buffer, offset);
        }
    }

    @Override
    public void close() {
        for (String name : names) {
            SharedMemory.unlink(name);
        }
    }
}

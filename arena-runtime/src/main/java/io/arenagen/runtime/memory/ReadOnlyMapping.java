package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.ShmName;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A shared-memory object mapped for reading only, for tools that look at an arena from outside the
 * processes that use it. The object is opened {@code O_RDONLY} and mapped {@code PROT_READ,
 * MAP_SHARED}, and the segment is {@linkplain MemorySegment#asReadOnly() read-only} as well: a write
 * through it throws in Java before it could fault in the kernel, so looking can never change the
 * arena, its pools or the object's modification time. Nothing is created, sized, locked or
 * initialized, and the object's owner and permissions are reported, not enforced: anyone who may read
 * it may look. Only a regular file is mapped: anything else under the name is refused, and opening never
 * blocks (a FIFO is opened {@code O_NONBLOCK} and refused).
 *
 * <p>The descriptor is closed right after mapping (the mapping keeps the object alive); {@link #close()}
 * unmaps.
 */
public final class ReadOnlyMapping implements AutoCloseable {

    private final Arena scope;
    private final MemorySegment segment;
    private final Libc.FileStatus status;

    private ReadOnlyMapping(Arena scope, MemorySegment segment, Libc.FileStatus status) {
        this.scope = scope;
        this.segment = segment;
        this.status = status;
    }

    /**
     * Opens and maps {@code name} read-only, whatever its size.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name
     * @throws ArenaException if it does not exist, cannot be read by this user, is not a regular file (a
     *     directory, a FIFO, a device... put under the name; refused without blocking), is empty or cannot
     *     be mapped
     */
    @SuppressWarnings("restricted") // a view of the read-only mapping made here, unmapped when the scope closes
    public static ReadOnlyMapping open(String name) {
        ShmName.requireValid(name);
        // O_NONBLOCK: a FIFO under the name must be refused below, not waited on until a writer comes.
        Libc.Result opened = Libc.shmOpen(name, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (opened.failed()) {
            ShmFile.notAnObject(name, opened.errno()).ifPresent(refusal -> {
                throw refusal;
            });
            String remedy = switch (opened.errno()) {
                case Errno.ENOENT -> "No shared object has that name: list them with ls -l /dev/shm, and check "
                        + "the leading / and the spelling.";
                case Errno.EACCES -> "This user may not read it: run as its owner or as root, or ask its creator "
                        + "for a group-readable mode (ShmOptions.withPermissions(0640)).";
                default -> "See shm_open(3).";
            };
            throw new ArenaException("cannot open shared object " + name + " for reading: "
                    + Errno.describe(opened.errno()) + ". " + remedy, opened.errno());
        }
        int fd = (int) opened.value();
        try {
            Libc.FileStatus[] status = new Libc.FileStatus[1];
            Libc.Result stat = Libc.fstat(fd, status);
            if (stat.failed()) {
                throw new ArenaException("fstat of shared object " + name + " failed: " + Errno.describe(stat.errno())
                        + ". See statx(2).", stat.errno());
            }
            if (!status[0].regularFile()) {
                throw ShmFile.notAnObject(name, status[0], ArenaException.NO_ERRNO);
            }
            long size = status[0].size();
            if (size <= 0) {
                throw new ArenaException("shared object " + name + " is empty (0 bytes): its creator has not sized "
                        + "it yet, or died before it did. Look again in a moment; if it stays empty, remove it "
                        + "(SharedMemory.unlink(\"" + name + "\")) when no process uses it.");
            }
            Libc.Result mapped = Libc.mmap(size, Libc.PROT_READ, Libc.MAP_SHARED, fd);
            if (mapped.failed()) {
                throw new ArenaException("mmap(" + size + " bytes, PROT_READ, MAP_SHARED) of shared object " + name
                        + " failed: " + Errno.describe(mapped.errno()) + ". Check the process limits (ulimit -v).",
                        mapped.errno());
            }
            long address = mapped.value();
            Arena scope = Arena.ofShared();
            MemorySegment segment = MemorySegment.ofAddress(address)
                    .reinterpret(size, scope, ignored -> Libc.munmap(address, size))
                    .asReadOnly();
            return new ReadOnlyMapping(scope, segment, status[0]);
        } finally {
            Libc.close(fd);
        }
    }

    /** The whole object, read-only; its scope ends with {@link #close()}. */
    public MemorySegment segment() {
        return segment;
    }

    /** Owner, permission bits and size of the object, from {@code fstat} when it was opened. */
    public Libc.FileStatus status() {
        return status;
    }

    /** Unmaps the object; the segment throws {@link IllegalStateException} afterwards. */
    @Override
    public void close() {
        scope.close();
    }
}

package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.LayoutDescriptor;

import java.lang.foreign.MemorySegment;
import java.util.Optional;


/**
 * Opens or creates a named POSIX shared-memory object of an exact size and maps it.
 *
 * <p>{@code shm_open(O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC)} decides who creates: the creator sets
 * the permissions and {@code ftruncate}s to the size; everybody else gets {@code EEXIST}, opens the
 * object and checks its size. An opener may arrive between the creator's {@code shm_open} and its
 * {@code ftruncate}, when the size is still 0: it waits for the size, bounded in time.
 */
public final class SharedObject {

    private static final int RETRIES_AFTER_VANISHED = 8;

    private SharedObject() {
    }

    /**
     * Opens {@code name}, creating it with {@code size} bytes and permission bits {@code mode} if it
     * does not exist, and maps it.
     *
     * @param name a valid name, see {@link ShmName}
     * @param size the exact size in bytes, a multiple of the page size
     * @param mode permission bits of a created object, for example {@code 0600}
     * @param sizeWaitNanos how long an opener waits for a creator that has not sized the object yet
     * @param configuration the opener's configuration as {@code ArenaLayout.describe()} spells it, for messages
     * @throws ArenaException if the object cannot be opened or mapped, or has another size
     */
    public static MappedRegion open(String name, long size, int mode, long sizeWaitNanos, String configuration) {
        ShmName.requireValid(name);
        for (int attempt = 0; ; attempt++) {
            Libc.Result created = Libc.shmOpen(name, Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | Libc.O_CLOEXEC, mode);
            if (!created.failed()) {
                int fd = (int) created.value();
                size(name, fd, size, mode);
                return MappedRegion.shared(name, fd, size, true);
            }
            if (created.errno() != Errno.EEXIST) {
                throw openFailure(name, created.errno());
            }
            Libc.Result existing = Libc.shmOpen(name, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
            if (existing.failed()) {
                if (existing.errno() == Errno.ENOENT && attempt < RETRIES_AFTER_VANISHED) {
                    continue; // unlinked between our two calls: try to create it again
                }
                throw openFailure(name, existing.errno());
            }
            int fd = (int) existing.value();
            awaitSize(name, fd, size, sizeWaitNanos, configuration);
            return MappedRegion.shared(name, fd, size, false);
        }
    }

    /**
     * Removes {@code name}; processes that have it mapped keep their mapping. A name that does not
     * exist is not an error.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name
     * @throws ArenaException if the object exists and cannot be removed (for example {@code EACCES})
     */
    public static void unlink(String name) {
        ShmName.requireValid(name);
        Libc.Result result = Libc.shmUnlink(name);
        if (result.failed() && result.errno() != Errno.ENOENT) {
            throw new ArenaException("shm_unlink(\"" + name + "\") failed: " + Errno.describe(result.errno())
                    + ". Remove /dev/shm" + name + " as its owner or as root.", result.errno());
        }
    }

    private static void size(String name, int fd, long size, int mode) {
        // shm_open applied the umask: fchmod sets exactly the requested bits. posix_fallocate reserves the
        // pages now, so that a full /dev/shm is ENOSPC here rather than a SIGBUS on first touch.
        String call = "fchmod(0" + Integer.toOctalString(mode) + ")";
        int errno = Libc.fchmod(fd, mode).errno();
        if (errno == 0) {
            call = "ftruncate(" + size + ")";
            errno = Libc.ftruncate(fd, size).errno();
        }
        if (errno == 0) {
            call = "posix_fallocate(" + size + " bytes)";
            errno = Libc.fallocate(fd, size);
        }
        if (errno != 0) {
            Libc.close(fd);
            Libc.shmUnlink(name);
            throw new ArenaException(call + " of new shared object " + name + " failed: " + Errno.describe(errno)
                    + ". The object was removed again; check free space in /dev/shm (df -h /dev/shm), or lower "
                    + "count or sizes, and retry.", errno);
        }
    }

    private static void awaitSize(String name, int fd, long size, long sizeWaitNanos, String configuration) {
        long deadline = System.nanoTime() + sizeWaitNanos;
        for (int round = 0; ; round++) {
            Libc.Result actual = Libc.fileSize(fd);
            if (actual.failed()) {
                Libc.close(fd);
                throw new ArenaException("lseek on shared object " + name + " failed: "
                        + Errno.describe(actual.errno()) + ".", actual.errno());
            }
            if (actual.value() == size) {
                return;
            }
            if (actual.value() != 0) {
                String existing = existingConfiguration(fd, actual.value()).map(d -> " (" + d + ")").orElse("");
                Libc.close(fd);
                throw new ArenaException("shared object " + name + " is " + actual.value() + " bytes but this arena ("
                        + configuration + ") needs " + size + " bytes: it was created with another configuration"
                        + existing + ". Open it with the configuration it was created with, or remove it "
                        + "(SharedMemory.unlink(\"" + name + "\")) when no process uses it.");
            }
            if (System.nanoTime() - deadline > 0) {
                Libc.close(fd);
                throw new ArenaException("shared object " + name + " still has size 0 after "
                        + sizeWaitNanos / 1_000_000 + " ms: its creator died before sizing it. Remove it "
                        + "(SharedMemory.unlink(\"" + name + "\")) and open it again.");
            }
            Backoff.pause(round);
        }
    }

    /**
     * The configuration recorded in the layout descriptors of an object of another size, read through
     * a temporary read-only mapping; empty if it has none or cannot be mapped.
     */
    @SuppressWarnings("restricted") // a view of the read-only mapping made just above, unmapped before returning
    private static Optional<String> existingConfiguration(int fd, long actualSize) {
        Libc.Result mapped = Libc.mmap(actualSize, Libc.PROT_READ, Libc.MAP_SHARED, fd);
        if (mapped.failed()) {
            return Optional.empty();
        }
        try {
            return LayoutDescriptor.describe(MemorySegment.ofAddress(mapped.value()).reinterpret(actualSize));
        } finally {
            Libc.munmap(mapped.value(), actualSize);
        }
    }

    private static ArenaException openFailure(String name, int errno) {
        String remedy = switch (errno) {
            case Errno.EACCES -> "Another user owns it or its permissions exclude you: open it as that user, "
                    + "widen its permissions where it is created, or pick another name.";
            case Errno.EMFILE -> "The process has too many open files: raise ulimit -n.";
            case Errno.ENAMETOOLONG -> "Use a shorter name.";
            case Errno.ENOSPC -> "/dev/shm is full: free space there (df -h /dev/shm).";
            default -> "See shm_open(3).";
        };
        return new ArenaException("shm_open(\"" + name + "\") failed: " + Errno.describe(errno) + ". " + remedy, errno);
    }
}

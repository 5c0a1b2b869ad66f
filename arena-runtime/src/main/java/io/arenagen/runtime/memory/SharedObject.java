package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Backoff;
import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.LayoutDescriptor;
import io.arenagen.runtime.layout.ShmName;

import java.lang.foreign.MemorySegment;
import java.util.Optional;


/**
 * Opens or creates a named POSIX shared-memory object of an exact size and maps it.
 *
 * <p>{@code shm_open(O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC)} decides who creates: the creator sets
 * the permissions and gives the object its size with {@code posix_fallocate} alone, which on tmpfs
 * reserves every page and extends the size only when all of them are reserved; on failure (a full
 * {@code /dev/shm}) the size stays 0 and the creator unlinks the name. So a non-zero size means
 * reserved pages: an attacher can never map an object whose pages are missing and take a SIGBUS.
 * Everybody else gets {@code EEXIST}, opens the object and checks its owner, its permission bits and
 * its size. An opener may arrive between the creator's {@code shm_open} and the size, when the size is
 * still 0: it waits for the size, bounded in time, and starts over if the name meanwhile stopped
 * naming that object (the creator failed and unlinked it). After mapping, an attacher checks once
 * more that the name still names the object it mapped, so that it never works on a nameless object
 * that nobody else can attach to.
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
     * @param acrossUsers whether an existing object of another owner, or with permission bits wider than
     *     {@code mode}, is attached to rather than refused
     * @throws ArenaException if the object cannot be opened or mapped, has another size, or (unless
     *     {@code acrossUsers}) another owner or wider permissions
     */
    public static MappedRegion open(String name, long size, int mode, long sizeWaitNanos, String configuration,
                                    boolean acrossUsers) {
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
            Libc.FileStatus status = status(name, fd);
            if (!acrossUsers) {
                requireTrusted(name, fd, status, mode);
            }
            if (!awaitSize(name, fd, status, size, sizeWaitNanos, configuration)) {
                Libc.close(fd);
                if (attempt < RETRIES_AFTER_VANISHED) {
                    continue; // the creator failed and removed the name: try to create it ourselves
                }
                throw new ArenaException("shared object " + name + " was removed and recreated "
                        + RETRIES_AFTER_VANISHED + " times while this process tried to attach: its creators keep "
                        + "failing (a full /dev/shm?). Check df -h /dev/shm and retry.");
            }
            MappedRegion region = MappedRegion.shared(name, fd, size, false);
            if (!stillNamed(name, status)) {
                region.close();
                if (attempt < RETRIES_AFTER_VANISHED) {
                    continue;
                }
                throw new ArenaException("shared object " + name + " was removed or replaced while this process "
                        + "attached to it, " + RETRIES_AFTER_VANISHED + " times: another process keeps unlinking "
                        + "it. Stop that process (or SharedMemory.unlink calls) and retry.");
            }
            return region;
        }
    }

    /** The object's owner, bits and identity; closes {@code fd} and throws if {@code statx} fails. */
    private static Libc.FileStatus status(String name, int fd) {
        Libc.FileStatus[] status = new Libc.FileStatus[1];
        Libc.Result result = Libc.fstat(fd, status);
        if (result.failed()) {
            Libc.close(fd);
            throw new ArenaException("fstat of shared object " + name + " failed: " + Errno.describe(result.errno())
                    + ". See statx(2).", result.errno());
        }
        return status[0];
    }

    /**
     * Refuses an object that another user owns, or whose permission bits let in more than {@code mode}:
     * whoever created it first under this name (a squatter) could read and corrupt every chunk.
     */
    private static void requireTrusted(String name, int fd, Libc.FileStatus status, int mode) {
        int self = Libc.geteuid();
        String bits = "0" + Integer.toOctalString(status.mode());
        if (status.uid() != self) {
            Libc.close(fd);
            throw new ArenaException("shared object " + name + " is owned by uid " + status.uid() + " (mode " + bits
                    + "), not by this process's effective uid " + self + ": another user created it first, and "
                    + "could read or corrupt every chunk. Remove it (SharedMemory.unlink(\"" + name + "\"), as its "
                    + "owner or root) if it is not yours; to share one arena across users on purpose, open it with "
                    + "ShmOptions.defaults().withSharingAcrossUsers().");
        }
        if ((status.mode() & 0777 & ~mode) != 0) {
            String wanted = "0" + Integer.toOctalString(mode);
            String widened = "0" + Integer.toOctalString(mode | (status.mode() & 0777));
            Libc.close(fd);
            throw new ArenaException("shared object " + name + " has mode " + bits + ", wider than the permissions "
                    + wanted + " this arena asks for: other users may read or write it. If that is intended (the "
                    + "C++ library creates objects 0644), open it with ShmOptions.defaults().withPermissions("
                    + widened + "); otherwise remove it (SharedMemory.unlink(\"" + name + "\")) and open it again.");
        }
    }

    /** Whether {@code name} still names the object described by {@code status} (glibc keeps it in /dev/shm). */
    private static boolean stillNamed(String name, Libc.FileStatus status) {
        Libc.FileStatus[] now = new Libc.FileStatus[1];
        return !Libc.stat("/dev/shm" + name, now).failed() && now[0].sameFile(status);
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
        // shm_open applied the umask: fchmod sets exactly the requested bits. posix_fallocate alone sizes
        // the object: tmpfs reserves every page first and extends the size only when all are reserved, so a
        // full /dev/shm is ENOSPC here with the size still 0, and no attacher ever sees a size whose pages
        // are missing (no ftruncate before it: that would publish the size before the pages).
        String call = "fchmod(0" + Integer.toOctalString(mode) + ")";
        int errno = Libc.fchmod(fd, mode).errno();
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

    /**
     * Waits until the object has {@code size} bytes; returns false (fd still open) if the name stopped
     * naming it meanwhile, which happens when its creator failed to reserve the pages and unlinked it.
     */
    private static boolean awaitSize(String name, int fd, Libc.FileStatus status, long size, long sizeWaitNanos,
                                     String configuration) {
        long started = System.nanoTime();
        for (int round = 0; ; round++) {
            Libc.Result actual = Libc.fileSize(fd);
            if (actual.failed()) {
                Libc.close(fd);
                throw new ArenaException("lseek on shared object " + name + " failed: "
                        + Errno.describe(actual.errno()) + ".", actual.errno());
            }
            if (actual.value() == size) {
                return true;
            }
            if (actual.value() != 0) {
                String existing = existingConfiguration(fd, actual.value()).map(d -> " (" + d + ")").orElse("");
                Libc.close(fd);
                throw new ArenaException("shared object " + name + " is " + actual.value() + " bytes but this arena ("
                        + configuration + ") needs " + size + " bytes: it was created with another configuration"
                        + existing + ". Open it with the configuration it was created with, or remove it "
                        + "(SharedMemory.unlink(\"" + name + "\")) when no process uses it.");
            }
            if (!stillNamed(name, status)) {
                return false;
            }
            if (System.nanoTime() - started > sizeWaitNanos) {
                Libc.close(fd);
                throw new ArenaException("shared object " + name + " still has size 0 after "
                        + sizeWaitNanos / 1_000_000 + " ms: its creator died before sizing it. Remove it "
                        + "(SharedMemory.unlink(\"" + name + "\")) and open it again.");
            }
            if (Thread.currentThread().isInterrupted()) {
                Libc.close(fd);
                throw new ArenaException("interrupted while waiting for the creator of shared object " + name
                        + " to size it; the thread's interrupt status is kept. Open it again when the "
                        + "interruption is handled.");
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

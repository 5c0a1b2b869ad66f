package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Backoff;
import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.LayoutDescriptor;
import io.arenagen.runtime.layout.ShmName;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;


/**
 * Opens or creates a named POSIX shared-memory object of an exact size and maps it.
 *
 * <p>A name never names a half-made object. A creator builds the object under a private temporary name
 * ({@code /<name>.arenagen-tmp.<pid namespace>.<pid>.<n>.<random>}): {@code shm_open(O_CREAT | O_EXCL,
 * 0600)}, every page reserved with {@code posix_fallocate} (a full {@code /dev/shm} fails here, not
 * with a SIGBUS later), the requested permission bits set, mapped, and brought to its complete state
 * by the caller's {@link Initializer}. Only then is it published: {@code link(2)} from {@code
 * /dev/shm/<temporary>} to {@code /dev/shm/<name>}, which is atomic and fails with {@code EEXIST} if
 * someone else published first (then this creator drops its object and attaches to theirs); the
 * temporary name is removed either way. A creator that fails removes its temporary object; one that
 * dies leaves it behind, and the next creator in the same pid namespace removes it once that pid is
 * proven dead. So an attacher that finds the name finds the whole object at its final size,
 * initialized: the C++ library, which checks only the size and never waits, included.
 *
 * <p>Everybody else opens the existing object and checks that it is a regular file, its owner, its
 * permission bits and its size. Objects that were not published this way (created by the C++ library,
 * which shows the name at once and sizes it afterwards, or by an older arenagen) may still have size 0:
 * an opener waits for the size, bounded in time, and starts over if the name meanwhile stopped naming
 * that object (its creator failed and unlinked it). After mapping, an attacher checks once more that the
 * name still names the object it mapped, so that it never works on a nameless object that nobody else
 * can attach to.
 *
 * <p>Names are opened {@code O_NONBLOCK}: a FIFO that somebody put under the name is refused without
 * waiting for a writer.
 */
public final class SharedObject {

    private static final int RETRIES_AFTER_VANISHED = 8;

    /**
     * Brings a new object to its complete state before anybody else can see it: the memory is the whole
     * object, zero-filled, every page reserved, mapped read-write, not yet visible under its name. An
     * arena initializes every pool and its layout descriptor here; any kind of object that other
     * programs attach to publishes through the same path with its own initializer. If it throws, the
     * object is removed and the exception propagates from {@link SharedObject#open}.
     */
    @FunctionalInterface
    public interface Initializer {
        /** Writes the initial contents of the new object into {@code memory}. */
        void initialize(MemorySegment memory);
    }

    private SharedObject() {
    }

    /**
     * Like {@link #open(String, long, int, long, String, boolean, Initializer)} with an initializer that
     * writes nothing: a new object is published zero-filled, and its users initialize it in place.
     */
    public static MappedRegion open(String name, long size, int mode, long sizeWaitNanos, String configuration,
                                    boolean acrossUsers) {
        return open(name, size, mode, sizeWaitNanos, configuration, acrossUsers, memory -> { });
    }

    /**
     * Opens {@code name} and maps it; if it does not exist, creates it with {@code size} bytes and
     * permission bits {@code mode}, runs {@code initializer} on it and publishes it atomically.
     * {@link MappedRegion#created()} tells which happened: only a created region was initialized by
     * {@code initializer}.
     *
     * @param name a valid name, see {@link ShmName}
     * @param size the exact size in bytes, a multiple of the page size
     * @param mode permission bits of a created object, for example {@code 0600}
     * @param sizeWaitNanos how long an opener waits for a creator (of another kind) that has not sized the
     *     object yet
     * @param configuration the opener's configuration as {@code ArenaLayout.describe()} spells it, for messages
     * @param acrossUsers whether an existing object of another owner, or with permission bits wider than
     *     {@code mode}, is attached to rather than refused
     * @param initializer what a new object holds before it is published
     * @throws ArenaException if the object cannot be opened, created or mapped, is not a regular file, has
     *     another size, or (unless {@code acrossUsers}) another owner or wider permissions
     */
    public static MappedRegion open(String name, long size, int mode, long sizeWaitNanos, String configuration,
                                    boolean acrossUsers, Initializer initializer) {
        return open(name, size, mode, sizeWaitNanos, configuration, acrossUsers, initializer, Libc.SHM_DIRECTORY);
    }

    /**
     * {@link #open(String, long, int, long, String, boolean, Initializer)}, publishing by a link within
     * {@code directory}, which must be where {@code shm_open} keeps its objects.
     */
    static MappedRegion open(String name, long size, int mode, long sizeWaitNanos, String configuration,
                             boolean acrossUsers, Initializer initializer, String directory) {
        ShmName.requireValid(name);
        Objects.requireNonNull(initializer, "initializer");
        for (int attempt = 0; ; attempt++) {
            boolean lastAttempt = attempt >= RETRIES_AFTER_VANISHED;
            Libc.Result existing = Libc.shmOpen(name, Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
            if (existing.failed()) {
                if (existing.errno() != Errno.ENOENT) {
                    throw openFailure(name, existing.errno());
                }
                MappedRegion created = publish(name, size, mode, initializer, directory);
                if (created != null) {
                    return created;
                }
                if (lastAttempt) {
                    throw new ArenaException("shared object " + name + " was published by another process and "
                            + "removed again " + RETRIES_AFTER_VANISHED + " times while this process tried to "
                            + "attach to it: another process keeps unlinking it. Stop that process (or its "
                            + "SharedMemory.unlink calls) and retry.");
                }
                continue; // another process published first: attach to its object
            }
            MappedRegion attached = attach(name, (int) existing.value(), size, mode, sizeWaitNanos, configuration,
                    acrossUsers, lastAttempt, directory);
            if (attached != null) {
                return attached;
            }
        }
    }

    /**
     * Builds a new object under a temporary name and links it to {@code name}. Returns the mapped object,
     * or null if another process published {@code name} first (this one is then gone). Whatever happens,
     * the temporary name is removed before this returns.
     */
    private static MappedRegion publish(String name, long size, int mode, Initializer initializer,
                                        String directory) {
        TemporaryName.removeLeftovers();
        String temporary = TemporaryName.reserve(name);
        try {
            Libc.Result opened = Libc.shmOpen(temporary, Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | Libc.O_CLOEXEC,
                    OWNER_ONLY);
            if (opened.failed()) {
                throw openFailure(temporary, opened.errno(), " (the temporary name under which the new object "
                        + name + " is built before it is published)");
            }
            int fd = (int) opened.value();
            Libc.FileStatus file;
            try {
                file = requireInDirectory(name, temporary, fd, directory);
                reserve(name, fd, size, mode);
            } catch (RuntimeException | Error e) {
                Libc.close(fd);
                throw e;
            }
            MappedRegion region = MappedRegion.shared(name, fd, size, true); // closes fd if it throws
            try {
                initializer.initialize(region.segment());
                // The initializer's plain stores reach whoever finds the name: the kernel publishes the new
                // directory entry with release semantics and path lookup reads it with acquire semantics, so
                // every store before link(2) happens-before the attacher's shm_open returns (and the pools'
                // magic words are stored "ready" with release, loaded with acquire, besides).
                Libc.Result linked = Libc.link(directory + temporary, directory + name);
                if (!linked.failed()) {
                    return mappedByName(name, size, region, file);
                }
                region.close();
                if (linked.errno() == Errno.EEXIST) {
                    return null;
                }
                throw new ArenaException("link(" + directory + temporary + ", " + directory + name + "), which "
                        + "publishes the new shared object " + name + ", failed: " + Errno.describe(linked.errno())
                        + ". Nothing was published and the new object was removed again. "
                        + (linked.errno() == Errno.ENOSPC
                                ? "The tmpfs on " + directory + " has no free inode: df -i " + directory + "."
                                : "See link(2); " + directory + " must be a tmpfs that allows hard links."),
                        linked.errno());
            } catch (RuntimeException | Error e) {
                region.close();
                throw e;
            }
        } finally {
            Libc.shmUnlink(temporary);
            TemporaryName.release(temporary);
        }
    }

    /**
     * The published object ({@code file}) mapped through its name, {@code built} unmapped; {@code built}
     * itself if the name no longer names it (unlinked or replaced at once). A mapping shows the name it
     * was opened by ({@code /proc/<pid>/maps}, {@code lsof}, {@code fuser}): through the temporary name,
     * which is gone, the creator would not show among the object's users, and "remove it when no process
     * uses it" could not be checked.
     */
    private static MappedRegion mappedByName(String name, long size, MappedRegion built, Libc.FileStatus file) {
        Libc.Result opened = Libc.shmOpen(name, Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (opened.failed()) {
            return built;
        }
        int fd = (int) opened.value();
        Libc.FileStatus[] named = new Libc.FileStatus[1];
        if (Libc.fstat(fd, named).failed() || !named[0].sameFile(file)) {
            Libc.close(fd);
            return built;
        }
        MappedRegion byName = MappedRegion.shared(name, fd, size, true);
        built.close();
        return byName;
    }

    /** Owner read and write: a new object's bits while it is being built. */
    private static final int OWNER_ONLY = 0600;

    /**
     * Refuses to go on if {@code shm_open} did not put the new object at {@code directory/temporary}:
     * publishing links it there, which would then fail or link something else. Returns the object's
     * identity.
     */
    private static Libc.FileStatus requireInDirectory(String name, String temporary, int fd, String directory) {
        Libc.FileStatus[] opened = new Libc.FileStatus[1];
        Libc.FileStatus[] there = new Libc.FileStatus[1];
        if (Libc.fstat(fd, opened).failed() || Libc.stat(directory + temporary, there).failed()
                || !there[0].sameFile(opened[0])) {
            throw new ArenaException("shm_open(\"" + temporary + "\") created the new shared object " + name
                    + " somewhere other than " + directory + temporary + ": this C library keeps shared-memory "
                    + "objects outside " + directory + ", where arenagen publishes a new object with link(2). "
                    + "Nothing was published. Run with a C library that keeps them in " + directory + " (glibc "
                    + "2.34 or newer, musl), with a tmpfs mounted there (mount -t tmpfs -o mode=1777 tmpfs "
                    + directory + ").");
        }
        return opened[0];
    }

    /**
     * Opens an existing object: returns it mapped, or null (its descriptor closed) if it vanished while
     * this process attached and {@code lastAttempt} is false, so that the caller starts over.
     */
    private static MappedRegion attach(String name, int fd, long size, int mode, long sizeWaitNanos,
                                       String configuration, boolean acrossUsers, boolean lastAttempt,
                                       String directory) {
        Libc.FileStatus status = status(name, fd);
        ShmFile.requireObject(name, fd, status);
        if (!acrossUsers) {
            requireTrusted(name, fd, status, mode);
        }
        if (!awaitSize(name, fd, status, size, sizeWaitNanos, configuration, directory)) {
            Libc.close(fd);
            if (!lastAttempt) {
                return null; // the creator failed and removed the name: try to create it ourselves
            }
            throw new ArenaException("shared object " + name + " was removed and recreated "
                    + RETRIES_AFTER_VANISHED + " times while this process tried to attach: its creators keep "
                    + "failing (a full /dev/shm?). Check df -h /dev/shm and retry.");
        }
        MappedRegion region = MappedRegion.shared(name, fd, size, false);
        if (!stillNamed(name, status, directory)) {
            region.close();
            if (!lastAttempt) {
                return null;
            }
            throw new ArenaException("shared object " + name + " was removed or replaced while this process "
                    + "attached to it, " + RETRIES_AFTER_VANISHED + " times: another process keeps unlinking "
                    + "it. Stop that process (or SharedMemory.unlink calls) and retry.");
        }
        return region;
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

    /** Whether {@code name} still names the object described by {@code status}. */
    private static boolean stillNamed(String name, Libc.FileStatus status, String directory) {
        Libc.FileStatus[] now = new Libc.FileStatus[1];
        return !Libc.stat(directory + name, now).failed() && now[0].sameFile(status);
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

    /**
     * Reserves every page of a new object and gives it its permission bits. {@code posix_fallocate}
     * reserves the pages and sets the size (tmpfs: a full {@code /dev/shm} is ENOSPC here, not a SIGBUS on
     * first touch). {@code shm_open} applied the umask to the owner-only bits; {@code fchmod} sets exactly
     * the requested ones, before the object is published.
     */
    private static void reserve(String name, int fd, long size, int mode) {
        String call = "posix_fallocate(" + size + " bytes)";
        int errno = Libc.fallocate(fd, size);
        if (errno == 0) {
            call = "fchmod(0" + Integer.toOctalString(mode) + ")";
            errno = Libc.fchmod(fd, mode).errno();
        }
        if (errno != 0) {
            throw new ArenaException(call + " of new shared object " + name + " failed: " + Errno.describe(errno)
                    + ". Nothing was published under " + name + " and the new object was removed again; check "
                    + "free space in /dev/shm (df -h /dev/shm), or lower count or sizes, and retry.", errno);
        }
    }

    /**
     * Waits until the object has {@code size} bytes; returns false (fd still open) if the name stopped
     * naming it meanwhile, which happens when its creator failed to reserve the pages and unlinked it.
     */
    private static boolean awaitSize(String name, int fd, Libc.FileStatus status, long size, long sizeWaitNanos,
                                     String configuration, String directory) {
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
            if (!stillNamed(name, status, directory)) {
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
        return ShmFile.notAnObject(name, errno).orElseGet(() -> openFailure(name, errno, ""));
    }

    private static ArenaException openFailure(String name, int errno, String which) {
        String remedy = switch (errno) {
            case Errno.EACCES -> "Another user owns it or its permissions exclude you: open it as that user, "
                    + "widen its permissions where it is created, or pick another name.";
            case Errno.EMFILE -> "The process has too many open files: raise ulimit -n.";
            case Errno.ENAMETOOLONG -> "Use a shorter name.";
            case Errno.ENOSPC -> "/dev/shm is full: free space there (df -h /dev/shm).";
            default -> "See shm_open(3).";
        };
        return new ArenaException("shm_open(\"" + name + "\")" + which + " failed: " + Errno.describe(errno) + ". "
                + remedy, errno);
    }
}

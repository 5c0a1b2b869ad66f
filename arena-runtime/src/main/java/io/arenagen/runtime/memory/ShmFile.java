package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Libc;

import java.util.Optional;

/**
 * The file behind a shared-memory name ({@code /dev/shm/<name>}), and what to say when a name is taken
 * by something that is not a shared-memory object: a directory, a FIFO, a device, a socket or a symbolic
 * link that somebody put into {@code /dev/shm}. Such a file is refused, never read: opening a FIFO for
 * reading would block until a writer came, and mapping a directory fails with a misleading
 * {@code ENODEV}.
 */
final class ShmFile {

    private ShmFile() {
    }

    /** {@code /dev/shm/feed} for {@code /feed}. */
    static String path(String name) {
        return Libc.SHM_DIRECTORY + name;
    }

    /**
     * The refusal of a name whose file is not a regular file, if it is one (the file itself is looked at,
     * a symbolic link is not followed); empty if it is a regular file or cannot be looked at.
     *
     * @param errno the errno of the call that failed on it, or {@link ArenaException#NO_ERRNO}
     */
    static Optional<ArenaException> notAnObject(String name, int errno) {
        Libc.FileStatus[] status = new Libc.FileStatus[1];
        if (Libc.lstat(path(name), status).failed() || status[0].regularFile()) {
            return Optional.empty();
        }
        return Optional.of(notAnObject(name, status[0], errno));
    }

    /** The refusal of a name whose file, described by {@code status}, is not a regular file. */
    static ArenaException notAnObject(String name, Libc.FileStatus status, int errno) {
        String path = path(name);
        String remove = (status.type() == Libc.S_IFDIR ? "rmdir " : "rm ") + path;
        return new ArenaException("shared-memory name " + name + " is " + status.typeName() + " (" + path
                + "), not a shared-memory object"
                + (status.type() == Libc.S_IFLNK ? ", and shm_open never follows a symbolic link" : "")
                + ": it was left as it is, unread. Pick another name, or remove it (" + remove
                + ") if nothing needs it.", errno);
    }

    /**
     * Refuses {@code status} unless it describes a regular file; closes {@code fd} first.
     *
     * @throws ArenaException if the file is not a regular file
     */
    static void requireObject(String name, int fd, Libc.FileStatus status) {
        if (!status.regularFile()) {
            Libc.close(fd);
            throw notAnObject(name, status, ArenaException.NO_ERRNO);
        }
    }
}

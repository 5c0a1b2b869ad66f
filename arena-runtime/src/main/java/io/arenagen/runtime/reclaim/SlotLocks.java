package io.arenagen.runtime.reclaim;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;

/**
 * The open-file-description locks ({@code fcntl(F_OFD_SETLK)}) on the slot records of a companion:
 * one exclusive lock per slot, on the record's {@value CompanionLayout#SLOT_BYTES} bytes of the file.
 *
 * <p>Why these locks: the kernel drops an open-file-description lock when the last reference to the
 * open file description goes (the descriptor and the mapping, both closed at {@code close()} or at the
 * process's death, however it dies), in every pid namespace, and nothing else can keep it: a pid
 * reused by another process does not own the dead one's file description. Two handles of one process
 * open the object separately and so conflict like two processes. A {@code fork()} without
 * {@code exec} would share the description and keep the lock while the child lives (the descriptor is
 * {@code O_CLOEXEC}, so {@code ProcessBuilder}'s children never hold it).
 */
public final class SlotLocks {

    private SlotLocks() {
    }

    /**
     * Tries to take slot {@code slot}'s lock through {@code fd}: true if this open file description
     * holds it now (also when it held it already), false if another one holds it.
     *
     * @throws ArenaException if the kernel refuses open-file-description locks
     */
    static boolean tryLock(int fd, int slot, String companion) {
        Libc.Result result = Libc.ofdLock(fd, Libc.F_OFD_SETLK, Libc.F_WRLCK, CompanionLayout.slotOffset(slot),
                CompanionLayout.SLOT_BYTES);
        if (!result.failed()) {
            return true;
        }
        if (result.errno() == Errno.EAGAIN || result.errno() == Errno.EACCES) {
            return false;
        }
        throw failure("fcntl(F_OFD_SETLK, F_WRLCK) on slot " + slot + " of " + companion, result.errno());
    }

    /** Drops slot {@code slot}'s lock held through {@code fd}. */
    static void unlock(int fd, int slot, String companion) {
        Libc.Result result = Libc.ofdLock(fd, Libc.F_OFD_SETLK, Libc.F_UNLCK, CompanionLayout.slotOffset(slot),
                CompanionLayout.SLOT_BYTES);
        if (result.failed()) {
            throw failure("fcntl(F_OFD_SETLK, F_UNLCK) on slot " + slot + " of " + companion, result.errno());
        }
    }

    /**
     * Whether an open file description other than {@code fd}'s holds slot {@code slot}'s lock
     * ({@code F_OFD_GETLK}): the slot's process is alive. Works on a read-only descriptor.
     */
    public static boolean lockedByOther(int fd, int slot, String companion) {
        Libc.Result result = Libc.ofdLockHolder(fd, CompanionLayout.slotOffset(slot), CompanionLayout.SLOT_BYTES);
        if (result.failed()) {
            throw failure("fcntl(F_OFD_GETLK) on slot " + slot + " of " + companion, result.errno());
        }
        return result.value() != Libc.F_UNLCK;
    }

    private static ArenaException failure(String call, int errno) {
        String remedy = errno == Errno.EINVAL
                ? "The kernel has no open-file-description locks (Linux 3.15 or newer has them), or the file system "
                        + "of /dev/shm refuses locks: run on a newer kernel, or open the arena without "
                        + "ShmOptions.withReclamation()."
                : "See fcntl(2); open the arena without ShmOptions.withReclamation() if locks cannot work here.";
        return new ArenaException(call + " failed: " + Errno.describe(errno) + ". " + remedy, errno);
    }
}

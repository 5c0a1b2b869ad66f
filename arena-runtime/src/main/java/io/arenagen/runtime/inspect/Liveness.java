package io.arenagen.runtime.inspect;

import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process that initialized a pool still runs, judged as the arena itself judges it: only
 * ESRCH from {@code kill(pid, 0)} proves death, and only for a pid recorded in this process's pid
 * namespace (the word after the pid); a pid from another namespace names some other process here.
 */
public enum Liveness {
    /** {@code kill(pid, 0)} succeeded or failed with EPERM: the process exists. */
    ALIVE,
    /** {@code kill(pid, 0)} failed with ESRCH: no such process. */
    DEAD,
    /** The pid was recorded in another (or an unknown) pid namespace, so it cannot be probed from here. */
    OTHER_NAMESPACE,
    /** No pid was recorded: a C++ initializer, or none yet. */
    NOT_RECORDED;

    private static final long SELF_NAMESPACE = selfNamespace();

    /** The liveness of the initializer that recorded {@code pid} and pid namespace {@code namespace}. */
    public static Liveness of(long pid, long namespace) {
        if (pid <= 0) {
            return NOT_RECORDED;
        }
        if (namespace == 0 || namespace != SELF_NAMESPACE || pid > Integer.MAX_VALUE) {
            return OTHER_NAMESPACE;
        }
        Libc.Result probe = Libc.probeProcess(pid);
        return probe.failed() && probe.errno() == Errno.ESRCH ? DEAD : ALIVE;
    }

    /** Inode of {@code /proc/self/ns/pid} (the link reads {@code pid:[4026531836]}), 0 if unreadable. */
    private static long selfNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException unknown) {
            return 0L;
        }
    }
}

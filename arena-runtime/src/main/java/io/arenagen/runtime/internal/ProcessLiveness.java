package io.arenagen.runtime.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process that recorded a pid in a pool header still runs, for the initialization protocol
 * (take over only from a proven-dead initializer) and for {@code inspect}. Pids mean something only in
 * their own pid namespace ({@link #pidNamespace()}); callers compare namespaces first.
 */
public final class ProcessLiveness {

    private ProcessLiveness() {
    }

    /**
     * A process is dead only when {@code kill(pid, 0)} fails with ESRCH (no such process), or when
     * every one of its threads listed in {@code /proc/<pid>/task} reads as a zombie (exited, not yet
     * reaped by its parent). Anything else is alive: EPERM (another user's process), a {@code /proc}
     * that hides it ({@code hidepid}) or cannot be read, a leader thread in state Z while other
     * threads of the process still run (the main thread called {@code pthread_exit}), a pid beyond
     * the {@code int} range.
     */
    public static boolean isAlive(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return true; // not a pid kill(2) can probe for one process: cannot prove anything
        }
        Libc.Result probe = Libc.probeProcess(pid);
        if (probe.failed() && probe.errno() == Errno.ESRCH) {
            return false;
        }
        return !everyThreadIsAZombie(pid);
    }

    private static boolean everyThreadIsAZombie(long pid) {
        boolean any = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String line = Files.readString(task.resolve("stat"));
                // "tid (comm) S ...": the state follows the last ')', since comm may contain ')'.
                int close = line.lastIndexOf(')');
                char state = close >= 0 && close + 2 < line.length() ? line.charAt(close + 2) : '?';
                if (state != 'Z' && state != 'X') {
                    return false;
                }
                any = true;
            }
        } catch (IOException | RuntimeException unreadable) {
            return false; // hidden (hidepid), unreadable, or changed meanwhile: not a proof of death
        }
        return any;
    }

    /** Inode of {@code /proc/self/ns/pid} (the link reads {@code pid:[4026531836]}), 0 if unreadable. */
    public static long pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException unknown) {
            return 0L;
        }
    }
}

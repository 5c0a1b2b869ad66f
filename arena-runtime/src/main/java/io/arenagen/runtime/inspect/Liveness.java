package io.arenagen.runtime.inspect;

import io.arenagen.runtime.internal.ProcessLiveness;

/**
 * Whether the process that initialized a pool still runs, judged as the arena itself judges it: only
 * ESRCH from {@code kill(pid, 0)}, or every thread of the process a zombie, proves death, and only for a
 * pid recorded in this process's pid namespace (the word after the pid); a pid from another namespace
 * names some other process here.
 */
public enum Liveness {
    /** Not proven dead: {@code kill(pid, 0)} succeeded or failed with EPERM, and a thread of it still runs. */
    ALIVE,
    /** {@code kill(pid, 0)} failed with ESRCH (no such process), or every thread of it is a zombie. */
    DEAD,
    /** The pid was recorded in another (or an unknown) pid namespace, so it cannot be probed from here. */
    OTHER_NAMESPACE,
    /** No pid was recorded: a C++ initializer, or none yet. */
    NOT_RECORDED;

    private static final long SELF_NAMESPACE = ProcessLiveness.pidNamespace();

    /**
     * The liveness of the initializer that recorded {@code pid} and pid namespace {@code namespace}: the
     * initialization protocol's own judgement ({@link ProcessLiveness#isAlive}), so that {@code inspect}
     * calls dead exactly what an attaching process would take over.
     */
    public static Liveness of(long pid, long namespace) {
        if (pid <= 0) {
            return NOT_RECORDED;
        }
        if (namespace == 0 || namespace != SELF_NAMESPACE) {
            return OTHER_NAMESPACE;
        }
        return ProcessLiveness.isAlive(pid) ? ALIVE : DEAD;
    }
}

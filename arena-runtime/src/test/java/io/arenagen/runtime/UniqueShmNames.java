package io.arenagen.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared-memory names that no other test run can collide with (they carry the pid and a counter),
 * remembered so that a test can unlink all of them in {@code @AfterEach}, whatever happened.
 */
public final class UniqueShmNames {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String prefix;
    private final List<String> issued = new ArrayList<>();

    /** Names starting with {@code "/ag-" + tag + "-" + pid}. */
    public UniqueShmNames(String tag) {
        this.prefix = "/ag-" + tag + "-" + ProcessHandle.current().pid() + "-";
    }

    /** A name not used before by this process; it does not exist yet. */
    public synchronized String next() {
        String name = prefix + COUNTER.incrementAndGet();
        SharedMemory.unlink(name);
        issued.add(name);
        return name;
    }

    /** Records a name built by the caller (for example a long one) so that {@link #unlinkAll()} removes it. */
    public synchronized String track(String name) {
        issued.add(name);
        return name;
    }

    /** The file behind {@code name} on Linux. */
    public static Path file(String name) {
        return Path.of("/dev/shm", name.substring(1));
    }

    /** Unlinks every name handed out; missing ones are fine. */
    public synchronized void unlinkAll() {
        for (String name : issued) {
            SharedMemory.unlink(name);
        }
        issued.clear();
    }
}

package io.arenagen.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;

/** Shared-memory names unique to one benchmark run: the process id and a counter. */
public final class ShmNames {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private ShmNames() {
    }

    /** For example {@code /ag-bench-4711-0}. */
    public static String unique() {
        return "/ag-bench-" + ProcessHandle.current().pid() + "-" + COUNTER.getAndIncrement();
    }
}

package io.arenagen.runtime.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting for another process: spin first (the other side is usually microseconds away), then
 * yield the core, then park for growing intervals up to a millisecond. Used only on set-up paths.
 */
public final class Backoff {

    private static final int SPIN_ROUNDS = 64;
    private static final int YIELD_ROUNDS = 128;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private Backoff() {
    }

    /** Pauses for the {@code round}-th time (0-based) of one wait. */
    public static void pause(int round) {
        if (round < SPIN_ROUNDS) {
            Thread.onSpinWait();
        } else if (round < SPIN_ROUNDS + YIELD_ROUNDS) {
            Thread.yield();
        } else {
            int parks = round - SPIN_ROUNDS - YIELD_ROUNDS;
            LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, 1_000L << Math.min(parks, 10)));
        }
    }
}

package io.arenagen.examples.shared;

/**
 * What a producer or consumer does while it waits for the other process: spin briefly (the other
 * side is usually a few hundred nanoseconds away), then yield the core, which matters when both
 * processes share fewer cores than they have busy threads.
 */
final class IdleStrategy {

    private static final int SPINS_BEFORE_YIELD = 100;

    private int idleRounds;

    /** Waits a little; call in a loop until there is work. */
    void idle() {
        if (++idleRounds < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Call after doing work: the next wait starts with spinning again. */
    void reset() {
        idleRounds = 0;
    }
}

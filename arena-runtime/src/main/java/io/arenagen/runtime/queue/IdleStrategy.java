package io.arenagen.runtime.queue;

import io.arenagen.runtime.internal.Backoff;

/**
 * What a blocking offer or poll does between two tries. {@code round} counts the tries so far (0, 1,
 * ...), so a strategy can escalate. Implementations must not allocate: they run on the waiting path of
 * every blocking call.
 */
@FunctionalInterface
public interface IdleStrategy {

    /** Spin, then yield, then park up to 1 ms: the wait the arenas use for other processes. */
    IdleStrategy BACKOFF = Backoff::pause;
    /** {@link Thread#onSpinWait()} only: lowest latency, a whole core while waiting. */
    IdleStrategy BUSY_SPIN = round -> Thread.onSpinWait();
    /** {@link Thread#yield()} only. */
    IdleStrategy YIELD = round -> Thread.yield();

    /**
     * Waits a little before try number {@code round + 1}.
     *
     * @param round the number of tries that failed so far in this call
     */
    void idle(int round);
}

package io.arenagen.jcstress;

import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.LongRings;
import io.arenagen.runtime.queue.RingPolicy;

/**
 * A private queue one lap in: every slot was written and read once, so it still holds a stale value
 * ({@link #STALE} and up) and, for MPSC/MPMC, a sequence word of the second lap. A consumer that reads a
 * slot before its new value is visible returns a stale value (or 0, never written), which the tests forbid.
 */
final class StaleRing {

    /** The values of the first lap: {@code STALE}, {@code STALE + 1}, ... */
    static final long STALE = 100;

    private StaleRing() {
    }

    static LongRing of(RingPolicy policy, int capacity) {
        LongRing ring = LongRings.local(policy, capacity);
        for (int i = 0; i < capacity; i++) {
            if (!ring.offer(STALE + i)) {
                throw new IllegalStateException("the first lap did not fit in " + ring);
            }
        }
        for (int i = 0; i < capacity; i++) {
            if (ring.poll(-1) != STALE + i) {
                throw new IllegalStateException("the first lap did not come back in order from " + ring);
            }
        }
        return ring;
    }

    /**
     * Polls what is left into a bit set of the values 1 to 3 ({@code 1 << value}); -1 if a value came twice
     * or one is not 1 to 3. {@code seen} are the values the actors polled (-1 for nothing).
     */
    static int drainInto(LongRing ring, long... seen) {
        int mask = 0;
        for (long value : seen) {
            mask = add(mask, value);
        }
        for (long value = ring.poll(-1); value != -1; value = ring.poll(-1)) {
            mask = add(mask, value);
        }
        return mask;
    }

    private static int add(int mask, long value) {
        if (value == -1 || mask < 0) {
            return mask;
        }
        if (value < 1 || value > 3 || (mask & (1 << value)) != 0) {
            return -1;
        }
        return mask | (1 << (int) value);
    }
}

package io.arenagen.runtime.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Backoff}'s three phases, by what one pause costs: spinning and yielding rounds return at
 * once, the first parks last about a microsecond, late rounds park for a millisecond. Timings on a
 * loaded machine are noisy in one direction only (a thread may be descheduled, never sped up), so
 * "returns at once" is judged by the fastest of many calls and "parks" by the median.
 */
@Timeout(30)
class BackoffTest {

    private static final long MILLISECOND = 1_000_000L;

    @Test
    void spinningAndYieldingRoundsReturnAtOnce() {
        for (int round = 0; round < 192; round += 17) {
            int fixed = round;
            assertTrue(fastest(50, r -> Backoff.pause(fixed)) < MILLISECOND / 4, "round " + round + " slept");
        }
    }

    @Test
    void firstParksAreShort() {
        assertTrue(fastest(50, r -> Backoff.pause(192)) < MILLISECOND / 2, "the first park should be about 1 us");
    }

    @Test
    void lateRoundsParkAMillisecond() {
        long median = median(21, r -> Backoff.pause(10_000));
        assertTrue(median >= MILLISECOND * 9 / 10, "late rounds park 1 ms, took " + median + " ns");
    }

    private static long[] times(int calls, IntConsumer pause) {
        long[] times = new long[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            pause.accept(i);
            times[i] = System.nanoTime() - started;
        }
        Arrays.sort(times);
        return times;
    }

    private static long fastest(int calls, IntConsumer pause) {
        return times(calls, pause)[0];
    }

    private static long median(int calls, IntConsumer pause) {
        return times(calls, pause)[calls / 2];
    }
}

package io.arenagen.runtime.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Backoff}'s three phases, by their cost: spinning and yielding rounds return at once, late
 * rounds park for about a millisecond each. The bounds are loose (a loaded machine may be slow,
 * parking never returns much early) so that the test does not flake.
 */
@Timeout(30)
class BackoffTest {

    @Test
    void earlyRoundsDoNotSleep() {
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            for (int round = 0; round < 192; round++) {
                Backoff.pause(round);
            }
        }
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "38,400 spin and yield rounds took over a second");
    }

    @Test
    void lateRoundsParkAboutAMillisecond() {
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            Backoff.pause(10_000);
        }
        long elapsed = System.nanoTime() - started;
        assertTrue(elapsed >= 30_000_000L, "40 late rounds took only " + elapsed + " ns");
        assertTrue(elapsed < 2_000_000_000L, "40 late rounds took " + elapsed + " ns");
    }

    @Test
    void parkingGrowsFromAMicrosecond() {
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            Backoff.pause(64 + 128);
        }
        assertTrue(System.nanoTime() - started < 30_000_000L, "the first parks should be about a microsecond");
    }
}

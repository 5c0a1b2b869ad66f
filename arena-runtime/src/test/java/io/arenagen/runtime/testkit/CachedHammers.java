package io.arenagen.runtime.testkit;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.layout.ArenaLayout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * {@link Hammer}s of which some go through a {@link ThreadCache} of the arena: such a thread makes its
 * cache, hammers through it, and closes it before it reports, so that every chunk is back on the
 * arena's lists once all threads are done. The others hammer the arena itself. Used by the thread-cache
 * stress tests and by {@link HammerMain} children.
 */
public final class CachedHammers {

    private CachedHammers() {
    }

    /**
     * Runs {@code threads} hammers at once, thread {@code t} through a cache of {@code chunksPerPool}
     * when {@code cached(t)}, with stamps {@code ChunkStamp.of(pid, t)}; sums their reports. Fails the test
     * if a thread throws or does not finish within {@code bound}.
     *
     * @param cachedThreads threads {@code 0 .. cachedThreads - 1} use caches, the rest the arena
     */
    public static HammerReport run(SlabAllocator arena, ArenaLayout layout, long pid, int threads, int cachedThreads,
                                   int chunksPerPool, long maxRequest, int maxHeld, long attempts,
                                   BooleanSupplier going, Duration bound) throws InterruptedException {
        return run(arena, layout, pid, threads, cachedThreads, chunksPerPool, maxRequest, maxHeld, attempts, going,
                bound, false);
    }

    /** Like the other, with {@link Hammer#overDead()} hammers when {@code overDead}. */
    public static HammerReport run(SlabAllocator arena, ArenaLayout layout, long pid, int threads, int cachedThreads,
                                   int chunksPerPool, long maxRequest, int maxHeld, long attempts,
                                   BooleanSupplier going, Duration bound, boolean overDead)
            throws InterruptedException {
        HammerReport[] reports = new HammerReport[threads];
        List<Thread> started = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            boolean cached = t < cachedThreads;
            Thread thread = new Thread(() -> {
                long stamp = ChunkStamp.of(pid, index);
                long seed = pid * 7919 + index;
                if (cached) {
                    try (ThreadCache cache = arena.threadCache(chunksPerPool)) {
                        reports[index] = hammer(cache, layout, stamp, maxRequest, maxHeld, seed, overDead)
                                .run(attempts, going);
                    }
                } else {
                    reports[index] = hammer(arena, layout, stamp, maxRequest, maxHeld, seed, overDead)
                            .run(attempts, going);
                }
            }, (cached ? "cached-hammer-" : "hammer-") + t);
            thread.setUncaughtExceptionHandler((dead, e) -> failure.compareAndSet(null, e));
            thread.start();
            started.add(thread);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        HammerReport total = HammerReport.NONE;
        for (int t = 0; t < threads; t++) {
            Thread thread = started.get(t);
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not finish within " + bound);
            }
            if (failure.get() != null) {
                throw new AssertionError("a hammer thread failed: " + failure.get(), failure.get());
            }
            total = total.plus(reports[t]);
        }
        return total;
    }

    private static Hammer hammer(SlabAllocator arena, ArenaLayout layout, long stamp, long maxRequest, int maxHeld,
                                 long seed, boolean overDead) {
        Hammer hammer = new Hammer(arena, layout, stamp, maxRequest, maxHeld, seed);
        return overDead ? hammer.overDead() : hammer;
    }
}

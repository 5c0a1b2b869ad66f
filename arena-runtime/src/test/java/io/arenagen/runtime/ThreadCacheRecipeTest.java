package io.arenagen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recipes of docs/thread-caches.md, compiled and run: a cache per task with try-with-resources, and
 * a cache per pool thread held in a {@link ThreadLocal} and closed when the thread ends, for a container
 * whose bean is the arena. The guide quotes {@link PerThreadCaches} and the task bodies verbatim.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ThreadCacheRecipeTest {

    /**
     * One cache per thread of an arena, made on first use and closed when the thread ends: the arena is
     * the container's bean, this holder can be one too, and the executor's threads come from
     * {@link #threadFactory()}.
     */
    static final class PerThreadCaches {
        private final SlabAllocator arena;
        private final int chunksPerPool;
        private final ThreadLocal<ThreadCache> caches = new ThreadLocal<>();

        PerThreadCaches(SlabAllocator arena, int chunksPerPool) {
            this.arena = arena;
            this.chunksPerPool = chunksPerPool;
        }

        /** The calling thread's cache, made on its first call. */
        ThreadCache get() {
            ThreadCache cache = caches.get();
            if (cache == null) {
                cache = arena.threadCache(chunksPerPool);
                caches.set(cache);
            }
            return cache;
        }

        /** Threads that close their cache, if they made one, when they end. */
        ThreadFactory threadFactory() {
            ThreadFactory threads = Thread.ofPlatform().name("worker-", 0).factory();
            return task -> threads.newThread(() -> {
                try {
                    task.run();
                } finally {
                    ThreadCache cache = caches.get();
                    if (cache != null) {
                        caches.remove();
                        cache.close();
                    }
                }
            });
        }
    }

    @Test
    void aCachePerTask() throws Exception {
        try (SlabAllocator arena = SlabArenas.local(64, 64, 256)) {
            ExecutorService executor = Executors.newFixedThreadPool(2);
            List<Future<Long>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(executor.submit(() -> {
                    try (ThreadCache cache = arena.threadCache(16)) {
                        long at = cache.allocateOffset(48);
                        cache.deallocateOffset(at);
                        return at;
                    }
                }));
            }
            for (Future<Long> result : results) {
                assertTrue(result.get() >= 0);
            }
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(0, arena.stats().parked(), "each task closed its cache");
            assertEquals(128, arena.stats().free());
        }
    }

    @Test
    void aCachePerPoolThreadClosedWhenTheThreadEnds() throws Exception {
        try (SlabAllocator arena = SlabArenas.local(64, 64, 256)) {
            PerThreadCaches caches = new PerThreadCaches(arena, 16);
            ExecutorService executor = Executors.newFixedThreadPool(2, caches.threadFactory());
            Set<ThreadCache> seen = ConcurrentHashMap.newKeySet();
            List<Future<?>> results = new ArrayList<>();
            for (int task = 0; task < 20; task++) {
                results.add(executor.submit(() -> {
                    ThreadCache cache = caches.get();
                    assertSame(cache, caches.get(), "one cache per thread");
                    seen.add(cache);
                    long at = cache.allocateOffset(200);
                    cache.deallocateOffset(at);
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
            assertTrue(arena.stats().parked() > 0, "the pool's threads keep their caches between tasks");
            assertTrue(seen.size() <= 2, "at most one cache per pool thread: " + seen.size());
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (arena.stats().parked() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // the pool reports termination just before its threads run their last finally
            }
            assertEquals(0, arena.stats().parked(), "every thread closed its cache as it ended");
            assertEquals(128, arena.stats().free());
            ThreadCache mine = caches.get();
            assertNotSame(mine, seen.iterator().next());
            mine.close();
        }
    }
}

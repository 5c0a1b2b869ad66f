package io.arenagen.runtime.stress;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threads hammering a tiny arena: more holders than chunks, so the free lists run empty, refill and
 * see CAS races all the time. Each thread stamps what it holds (see {@link ChunkStamper}); the run
 * must end with no chunk ever handed out twice and every chunk back exactly once.
 */
@Timeout(60)
class FreeListStressTest {

    private static final int THREADS = 4;
    private static final long RUN_MILLIS = 2_000;

    @Test
    void onePoolOfEightChunks() throws Exception {
        ArenaLayout layout = ArenaLayout.of(8, 64);
        try (SlabAllocator arena = SlabArenas.local(8, 64)) {
            StressReport total = hammer(arena, layout, 64, 3);
            assertClean(total);
            assertEquals(0, total.promoted());
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }

    @Test
    void threePoolsWithPromotion() throws Exception {
        ArenaLayout layout = ArenaLayout.of(4, 16, 32, 64);
        try (SlabAllocator arena = SlabArenas.local(4, 16, 32, 64)) {
            StressReport total = hammer(arena, layout, 64, 3);
            assertClean(total);
            assertTrue(total.promoted() > 0, "some requests were promoted: " + total);
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }

    private static StressReport hammer(SlabAllocator arena, ArenaLayout layout, long maxRequest, int maxHeld)
            throws InterruptedException, ExecutionException {
        HeapOwnership table = new HeapOwnership((int) (layout.count() * layout.poolCount()));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<StressReport>> reports = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                ChunkStamper stamper = new ChunkStamper(arena, layout, table, t + 1, maxRequest, maxHeld, 31L * t + 7);
                reports.add(threads.submit(() -> stamper.run(RUN_MILLIS)));
            }
            StressReport total = StressReport.NONE;
            for (Future<StressReport> report : reports) {
                StressReport one = report.get(RUN_MILLIS + 20_000, TimeUnit.MILLISECONDS);
                assertTrue(one.allocations() > 0, "every thread got chunks: " + one);
                total = total.plus(one);
            }
            PoolAudit.assertNobodyHolds(table);
            return total;
        } catch (java.util.concurrent.TimeoutException stuck) {
            throw new AssertionError("a stress thread did not finish in time", stuck);
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "stress threads ended");
        }
    }

    /** No double hand-out or corruption, and the pools really ran dry: the contention this test is for. */
    static void assertClean(StressReport total) {
        assertEquals(0, total.doubleHandOuts(), "double hand-outs: " + total);
        assertEquals(0, total.corruptions(), "corrupted stamps: " + total);
        assertTrue(total.misses() > 0, "the pools ran dry at least once: " + total);
        assertTrue(total.allocations() > 10_000, "enough operations to mean something: " + total);
    }
}

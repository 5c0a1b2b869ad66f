package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threads hammering a tiny arena for a fixed time: more holders than chunks, so the free lists run
 * empty, refill and see CAS races all the time. Each thread is a {@link Hammer} (stamps and fills
 * what it holds); the run must end with no chunk ever handed out twice and every chunk back exactly
 * once.
 */
@Tag("stress")
@Timeout(60)
class FreeListStressTest {

    private static final int THREADS = 4;
    private static final long RUN_MILLIS = 2_000;
    private static final int MAX_HELD = 3;

    @Test
    void onePoolOfEightChunks() throws Exception {
        ArenaLayout layout = ArenaLayout.of(8, 64);
        try (SlabAllocator arena = SlabArenas.local(8, 64)) {
            HammerReport total = hammer(arena, layout, 64);
            assertEquals(0, total.promoted());
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }

    @Test
    void threePoolsWithPromotion() throws Exception {
        ArenaLayout layout = ArenaLayout.of(4, 16, 32, 64);
        try (SlabAllocator arena = SlabArenas.local(4, 16, 32, 64)) {
            HammerReport total = hammer(arena, layout, 64);
            assertTrue(total.promoted() > 0, "some requests were promoted: " + total);
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }

    /** Runs the threads for {@link #RUN_MILLIS}; every one must get chunks, and the sum must be clean and contended. */
    private static HammerReport hammer(SlabAllocator arena, ArenaLayout layout, long maxRequest) throws Exception {
        List<Hammer> hammers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            hammers.add(new Hammer(arena, layout, ChunkStamp.of(1, t), maxRequest, MAX_HELD, 31L * t + 7));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        HammerReport total = Hammer.runInThreads(hammers, Long.MAX_VALUE, Hammer.until(deadline),
                Duration.ofMillis(RUN_MILLIS + 20_000));
        for (Hammer hammer : hammers) {
            assertTrue(hammer.report().allocations() > 0, "every thread got chunks: " + hammer.report());
        }
        total.assertCleanAndContended(10_000);
        return total;
    }
}

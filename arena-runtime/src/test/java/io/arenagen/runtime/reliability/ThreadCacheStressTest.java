package io.arenagen.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.CachedHammers;
import io.arenagen.runtime.testkit.ChildJvm;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerMain;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.PoolAudit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thread caches under stamped traffic: threads through caches and threads on the arena itself, on three
 * pools small enough that caches run dry, drain, promote and meet exhaustion all the time; then child
 * JVMs doing the same on a shared object. Zero double hand-outs and corruptions, and once every cache is
 * closed every chunk is back on its list exactly once and nothing is parked.
 */
@Tag("stress")
@Timeout(120)
final class ThreadCacheStressTest {

    private static final long COUNT = 12;
    private static final long[] SIZES = {16, 64, 256};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);
    private static final long MAX_REQUEST = 256;
    private static final int MAX_HELD = 3;
    private static final int CAP = 4;
    private static final Duration BOUND = Duration.ofSeconds(40);

    private final UniqueShmNames names = new UniqueShmNames("tcache");
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        children.forEach(ChildJvm::close);
        names.unlinkAll();
    }

    @Test
    void cachedAndPlainThreadsOnOneLocalArena() throws Exception {
        ArenaLayout layout = ArenaLayout.of(2, SIZES);
        try (SlabAllocator arena = SlabArenas.local(2, SIZES)) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
            // 2 chunks a pool and requests of at most 16 bytes: 4 threads holding up to 3 each run pool 0 out all the
            // time, so promotion to pools 1 and 2 goes through caches and the arena alike, and all 6 run out too
            HammerReport report = CachedHammers.run(arena, layout, ProcessHandle.current().pid(), 4, 3, 2, SIZES[0],
                    MAX_HELD, Long.MAX_VALUE, Hammer.until(deadline), BOUND);
            report.assertCleanAndContended(10_000);
            assertTrue(report.promoted() > 0, "promotion happened through caches and the arena: " + report);
            assertEquals(0, arena.stats().parked(), "every cache closed, nothing parked");
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }

    @Test
    void cachedAndPlainThreadsOfThreeProcessesOnOneSharedObject() throws Exception {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SIZES)) {
            for (int c = 0; c < 2; c++) {
                children.add(HammerMain.startCached(name, LAYOUT, 2, MAX_REQUEST, MAX_HELD, 40_000, CAP));
            }
            HammerMain.go(children, Duration.ofSeconds(30));
            HammerReport total = CachedHammers.run(arena, LAYOUT, ProcessHandle.current().pid(), 2, 1, CAP, MAX_REQUEST,
                    MAX_HELD, 40_000, () -> true, BOUND);
            for (ChildJvm child : children) {
                HammerReport report = HammerMain.report(child, BOUND);
                assertTrue(report.allocations() > 0, "child " + child.pid() + " got chunks: " + report);
                total = total.plus(report);
            }
            total.assertCleanAndContended(10_000);
            assertEquals(0, arena.stats().parked());
            PoolAudit.assertEveryChunkBackOnce(arena, LAYOUT);
        }
    }
}

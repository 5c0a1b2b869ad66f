package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.ChildJvm;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerMain;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes hammering one tiny shared arena for a fixed time: two child JVMs ({@link HammerMain})
 * and this process each run a {@link Hammer} on the same object, started together, every chunk
 * stamped in the shared memory itself ({@link ChunkStamp}). The run must end with no chunk ever
 * handed out twice and every chunk back exactly once.
 */
@Tag("stress")
@Timeout(90)
class CrossProcessStressTest {

    private static final int CHILDREN = 2;
    private static final long RUN_MILLIS = 3_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final long COUNT = 8;
    private static final long SIZE = 64;
    private static final int MAX_HELD = 4;

    private final UniqueShmNames names = new UniqueShmNames("xproc");
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        children.forEach(ChildJvm::close);
        names.unlinkAll();
    }

    @Test
    void twoChildProcessesAndTheParentOnEightChunks() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(COUNT, SIZE);
        try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SIZE)) {
            for (int c = 0; c < CHILDREN; c++) {
                children.add(HammerMain.start(name, layout, 1, SIZE, MAX_HELD, -1, TimeUnit.MILLISECONDS.toSeconds(RUN_MILLIS)));
            }
            HammerMain.go(children, START_TIMEOUT);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
            Hammer parent = new Hammer(arena, layout, ChunkStamp.of(ProcessHandle.current().pid(), 0), SIZE, MAX_HELD, 1);
            HammerReport total = parent.run(Long.MAX_VALUE, Hammer.until(deadline));
            assertTrue(total.allocations() > 0, "the parent got chunks: " + total);
            for (ChildJvm child : children) {
                HammerReport report = HammerMain.report(child, START_TIMEOUT.plusMillis(RUN_MILLIS));
                assertTrue(report.allocations() > 0, "child " + child.pid() + " got chunks: " + report);
                total = total.plus(report);
            }
            total.assertCleanAndContended(10_000);
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }
}

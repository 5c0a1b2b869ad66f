package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At least 10^7 stamped hand-outs on one shared arena, from threads of this process and from
 * child processes ({@link HammerMain}) at the same time, with zero double hand-outs and zero
 * corrupted chunks. Every {@link Hammer} holds up to two chunks of random sizes from two pools; the
 * pools are small (4 chunks) so that every chunk is contended, promotion and exhaustion happen, and
 * the heads pass through the same index values over and over (the ABA setting). Afterwards every
 * pool must hold all its chunks, each once, none stamped.
 *
 * <p>CI mode (the default) runs a fixed budget sized for a busy two-core machine, well under a
 * minute. A soak runs for a given time instead, with the same checks:
 * <pre>
 * mvn -pl arena-runtime -am test -Dtest=StampedStressTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Darenagen.soakSeconds=600
 * </pre>
 * The property {@value #SOAK_PROPERTY} is read here, in the test JVM, and passed on to the child
 * processes; the test bounds every wait by the soak time plus a margin, so it cannot hang.
 */
@Tag("stress")
class StampedStressTest {

    /** System property: run for this many seconds instead of the CI budget. */
    static final String SOAK_PROPERTY = "arenagen.soakSeconds";

    private static final long COUNT = 4;
    private static final long SMALL = 16;
    private static final long LARGE = 64;
    private static final int MAX_HELD = 2;
    private static final int THREADS = 4;
    private static final long ATTEMPTS_PER_THREAD = 6_000_000;
    private static final int CHILDREN = 2;
    private static final int THREADS_PER_CHILD = 1;
    private static final long ATTEMPTS_PER_CHILD_THREAD = 8_000_000;
    private static final long REQUIRED_HAND_OUTS = 10_000_000;

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void noChunkIsEverHandedOutTwiceAcrossThreadsAndProcesses() throws Exception {
        long soakSeconds = Long.getLong(SOAK_PROPERTY, 0);
        Duration bound = Duration.ofSeconds(soakSeconds > 0 ? soakSeconds + 120 : 110);
        long budget = soakSeconds > 0 ? Long.MAX_VALUE : ATTEMPTS_PER_THREAD;
        String name = shm.name("stress");
        ArenaLayout layout = ArenaLayout.of(COUNT, SMALL, LARGE);
        long started = System.nanoTime();
        List<ChildJvm> children = new ArrayList<>();
        try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SMALL, LARGE)) {
            for (int c = 0; c < CHILDREN; c++) {
                children.add(HammerMain.start(name, layout, THREADS_PER_CHILD, LARGE, MAX_HELD,
                        ATTEMPTS_PER_CHILD_THREAD, soakSeconds));
            }
            HammerMain.go(children, Duration.ofSeconds(60));
            // The soak is timed from the start of traffic, as in the children (not from their start-up).
            long deadline = soakSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(soakSeconds) : 0;
            List<Hammer> hammers = new ArrayList<>();
            long pid = ProcessHandle.current().pid();
            for (int t = 0; t < THREADS; t++) {
                hammers.add(new Hammer(arena, layout, ChunkStamp.of(pid, t), LARGE, MAX_HELD, 31L * t + 7));
            }
            HammerReport total = Hammer.runInThreads(hammers, budget, Hammer.until(deadline), bound);
            for (ChildJvm child : children) {
                HammerReport report = HammerMain.report(child, bound);
                assertTrue(report.allocations() > 0, "child " + child.pid() + " got chunks: " + report);
                total = total.plus(report);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("StampedStressTest: %,d stamped hand-outs in %.1f s across %d threads and %d processes, "
                    + "%,d promoted, %,d allocations found the pools empty, %d double hand-outs, %d corrupted chunks%n",
                    total.allocations(), seconds, THREADS, CHILDREN, total.promoted(), total.misses(),
                    total.doubleHandOuts(), total.corruptions());
            total.assertCleanAndContended(REQUIRED_HAND_OUTS);
            assertTrue(total.promoted() > 0, "some requests were promoted: " + total);
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At least 10^7 stamped hand-outs on one shared arena, from threads of this process and from
 * child processes at the same time, with zero double hand-outs. An operation allocates a chunk
 * from each of two pools, claims both with {@link ChunkStamp}, releases and frees them; the pools
 * are small (4 chunks) so that every chunk is contended, promotion and exhaustion happen, and the
 * heads pass through the same index values over and over (the ABA setting). Afterwards every pool
 * must hold all its chunks, each once.
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
    private static final int THREADS = 4;
    private static final long OPERATIONS_PER_THREAD = 3_000_000;
    private static final int CHILDREN = 2;
    private static final int THREADS_PER_CHILD = 1;
    private static final long OPERATIONS_PER_CHILD_THREAD = 4_000_000;
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
        long deadline = soakSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(soakSeconds) : 0;
        long budget = soakSeconds > 0 ? Long.MAX_VALUE : OPERATIONS_PER_THREAD;
        String name = shm.name("stress");
        ArenaLayout layout = ArenaLayout.of(COUNT, SMALL, LARGE);
        long started = System.nanoTime();
        List<ChildJvm> children = new ArrayList<>();
        try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SMALL, LARGE)) {
            for (int c = 0; c < CHILDREN; c++) {
                children.add(ChildJvm.start(HammerMain.class, name, Long.toString(COUNT), Long.toString(SMALL),
                        Long.toString(LARGE), Integer.toString(THREADS_PER_CHILD),
                        Long.toString(OPERATIONS_PER_CHILD_THREAD), Long.toString(soakSeconds)));
            }
            for (ChildJvm child : children) {
                child.awaitLine("ready", Duration.ofSeconds(60));
            }
            Hammer[] hammers = new Hammer[THREADS];
            long[] done = new long[THREADS];
            Thread[] threads = new Thread[THREADS];
            long pid = ProcessHandle.current().pid();
            for (int t = 0; t < THREADS; t++) {
                int index = t;
                hammers[t] = new Hammer(arena, ChunkStamp.of(pid, t), SMALL, LARGE);
                threads[t] = new Thread(() -> done[index] = hammers[index].run(budget, deadline), "hammer-" + t);
                threads[t].start();
            }
            long operations = 0;
            long doubles = 0;
            long exhausted = 0;
            for (int t = 0; t < THREADS; t++) {
                threads[t].join(bound.toMillis());
                assertTrue(!threads[t].isAlive(), "thread " + t + " did not finish within " + bound);
                operations += done[t];
                doubles += hammers[t].violations();
                exhausted += hammers[t].exhausted();
            }
            for (ChildJvm child : children) {
                String[] result = child.awaitLine("done", bound).split(" ");
                assertEquals(0, child.awaitExit(Duration.ofSeconds(30)), child.transcript());
                operations += Long.parseLong(result[1]);
                doubles += Long.parseLong(result[2]);
                exhausted += Long.parseLong(result[3]);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long handOuts = 2 * operations - exhausted;
            System.out.printf("StampedStressTest: %,d operations, %,d stamped hand-outs in %.1f s across %d threads "
                    + "and %d processes, %,d allocations found the pools empty, %d violations (double hand-outs or "
                    + "writes into held chunks)%n",
                    operations, handOuts, seconds, THREADS, CHILDREN, exhausted, doubles);
            assertEquals(0, doubles, "chunks handed out twice or written while held by another");
            PoolAudit.assertAllFree(arena.memory(), layout);
            assertTrue(handOuts >= REQUIRED_HAND_OUTS, handOuts + " stamped hand-outs, fewer than " + REQUIRED_HAND_OUTS);
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }
}

package io.arenagen.runtime.stress;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.layout.ArenaLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Processes hammering one tiny shared arena: two child JVMs ({@link CrossProcessStressChild}) and
 * this process each run a {@link ChunkStamper} on the same object, claiming chunks in an ownership
 * table that lives in a separate file mapped by all three. The run must end with no chunk ever
 * handed out twice and every chunk back exactly once.
 */
@Timeout(90)
class CrossProcessStressTest {

    private static final int CHILDREN = 2;
    private static final long RUN_MILLIS = 3_000;
    private static final long START_TIMEOUT_MILLIS = 30_000;
    private static final long COUNT = 8;
    private static final long[] SIZES = {64};
    private static final int MAX_HELD = 4;

    private final UniqueShmNames names = new UniqueShmNames("xproc");
    private final List<Process> children = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
        names.unlinkAll();
    }

    @Test
    void twoChildProcessesAndTheParentOnEightChunks() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(COUNT, SIZES);
        Path tableFile = dir.resolve("owners");
        try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SIZES);
             MappedOwnership table = MappedOwnership.create(tableFile, (int) (COUNT * SIZES.length))) {
            for (int owner = 1; owner <= CHILDREN; owner++) {
                children.add(start(name, tableFile, owner));
            }
            awaitReady();
            for (Process child : children) {
                try (OutputStream go = child.getOutputStream()) {
                    go.write("GO\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            StressReport total = new ChunkStamper(arena, layout, table, CHILDREN + 1, SIZES[0], MAX_HELD, 1)
                    .run(RUN_MILLIS);
            assertTrue(total.allocations() > 0, "the parent got chunks: " + total);
            for (int i = 0; i < CHILDREN; i++) {
                StressReport child = finish(i);
                assertTrue(child.allocations() > 0, "child " + (i + 1) + " got chunks: " + child);
                total = total.plus(child);
            }
            FreeListStressTest.assertClean(total);
            PoolAudit.assertNobodyHolds(table);
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }

    private Process start(String name, Path tableFile, int owner) throws IOException {
        // The JVM running this test (JDK 25, whatever `java` is on the PATH); info().command() may be
        // unavailable where /proc is restricted, java.home never is.
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String sizes = String.join(",", Arrays.stream(SIZES).mapToObj(Long::toString).toList());
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CrossProcessStressChild.class.getName(), name, Long.toString(COUNT), sizes, tableFile.toString(),
                Integer.toString(owner), Long.toString(RUN_MILLIS), Long.toString(SIZES[SIZES.length - 1]),
                Integer.toString(MAX_HELD));
        builder.redirectOutput(out(owner - 1).toFile());
        builder.redirectError(err(owner - 1).toFile());
        return builder.start();
    }

    /** Waits until every child has attached and printed READY, or fails with the stderr of one that did not. */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        for (int i = 0; i < CHILDREN; i++) {
            while (!Files.readString(out(i)).contains("READY")) {
                if (!children.get(i).isAlive()) {
                    fail("child " + (i + 1) + " exited with " + children.get(i).exitValue() + " before READY:\n"
                            + Files.readString(err(i)));
                }
                if (System.nanoTime() - deadline > 0) {
                    fail("child " + (i + 1) + " not READY after " + START_TIMEOUT_MILLIS + " ms:\n"
                            + Files.readString(err(i)));
                }
                Thread.sleep(20);
            }
        }
    }

    /** Waits for child {@code i} to exit and returns its report. */
    private StressReport finish(int i) throws IOException, InterruptedException {
        Process child = children.get(i);
        if (!child.waitFor(RUN_MILLIS + START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            fail("child " + (i + 1) + " did not finish; stderr:\n" + Files.readString(err(i)));
        }
        String stdout = Files.readString(out(i));
        assertEquals(0, child.exitValue(), "child " + (i + 1) + " exit status; stdout:\n" + stdout + "stderr:\n"
                + Files.readString(err(i)));
        return stdout.lines().filter(StressReport::isReport).map(StressReport::parse).findFirst()
                .orElseThrow(() -> new AssertionError("child " + (i + 1) + " printed no report:\n" + stdout));
    }

    private Path out(int i) {
        return dir.resolve("child-" + (i + 1) + ".out");
    }

    private Path err(int i) {
        return dir.resolve("child-" + (i + 1) + ".err");
    }
}

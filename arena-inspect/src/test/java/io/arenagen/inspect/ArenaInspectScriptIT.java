package io.arenagen.inspect;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/arena-inspect} as users run it, against the shaded jar that the package phase built: the script
 * starts its own JVM, and the jar carries the runtime, its main class and native access. Runs in the
 * integration-test phase (failsafe), after the jar exists.
 */
@Timeout(120)
class ArenaInspectScriptIT {

    private static final Path SCRIPT = Path.of("..", "bin", "arena-inspect").toAbsolutePath().normalize();

    private final ShmFiles shm = new ShmFiles();

    @AfterEach
    void unlink() {
        shm.close();
    }

    record Outcome(int status, String out, String err) {
    }

    private static Outcome script(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                java.util.stream.Stream.concat(java.util.stream.Stream.of(SCRIPT.toString()), List.of(args).stream())
                        .toList());
        // The JDK running this test is a 25: the script would find one itself, but this keeps the test
        // independent of where JDKs are installed on the build machine.
        builder.environment().put("ARENAGEN_JAVA", ProcessHandle.current().info().command().orElseThrow());
        Path err = Files.createTempFile("arena-inspect", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/arena-inspect did not finish");
        String errText = Files.readString(err);
        Files.delete(err);
        return new Outcome(process.exitValue(), out, errText);
    }

    @Test
    void scriptRunsTheJarOnALiveArenaWithoutNativeAccessWarnings() throws Exception {
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is not executable");
        String name = shm.name();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 64)) {
            arena.tryAllocateOffset(64);

            Outcome json = script(name, "--json");

            assertEquals(0, json.status(), json.err());
            assertEquals("", json.err(), "the JVM warned: native access is not granted");
            assertTrue(json.out().contains("\"free\":3,\"inUse\":1"), json.out());
        }
    }

    @Test
    void scriptPassesTheExitStatusThrough() throws Exception {
        Outcome missing = script("/ag-inspect-missing-" + ProcessHandle.current().pid());

        assertEquals(Main.UNREADABLE, missing.status(), missing.out());
        assertTrue(missing.err().contains("cannot open shared object"), missing.err());
    }

    /** Before: the command kept writing into the closed pipe, and the pipeline never ended. */
    @Test
    void watchPipedIntoHeadEndsWhenHeadDoes() throws Exception {
        String name = shm.name();
        SlabArenas.shared(name, 4, 64).close();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "'" + SCRIPT + "' '" + name + "' --json --watch 0.05 "
                + "| head -1");
        builder.environment().put("ARENAGEN_JAVA", ProcessHandle.current().info().command().orElseThrow());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Path out = Files.createTempFile("arena-inspect", ".out");
        builder.redirectOutput(out.toFile()); // a file, not a pipe: reading cannot block on a pipeline that hangs
        Process pipeline = builder.start();
        try {
            assertTrue(pipeline.waitFor(60, TimeUnit.SECONDS), "the pipeline did not end");
            String line = Files.readString(out);
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith("{\"name\":\"" + name + "\""), line);
        } finally {
            pipeline.descendants().forEach(ProcessHandle::destroyForcibly);
            pipeline.destroyForcibly();
            Files.delete(out);
        }
    }

    @Test
    void scriptSaysWhereTheJarIsAndHowToPointItElsewhere() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "/feed");
        builder.environment().put("ARENA_INSPECT_JAR", "/nonexistent/arena-inspect.jar");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), out);
        assertTrue(out.contains("/nonexistent/arena-inspect.jar (ARENA_INSPECT_JAR) is missing"), out);
        assertTrue(out.contains("~/.m2/repository/io/arenagen/arena-inspect/"), out);
    }
}

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
}

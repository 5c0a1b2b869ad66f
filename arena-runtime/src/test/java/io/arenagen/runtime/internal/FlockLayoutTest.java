package io.arenagen.runtime.internal;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Libc#FLOCK} and the {@code F_OFD_*} constants against what the C compiler says: a C program
 * ({@code src/test/cpp/flock_layout.c}, built here with {@code gcc}) prints {@code sizeof},
 * {@code offsetof} of every field and the constants from {@code <fcntl.h>}.
 */
class FlockLayoutTest {

    private static final Path PROGRAM = Path.of("target", "cpp", "flock_layout");
    private static final Map<String, Long> C = new HashMap<>();

    @BeforeAll
    static void compileAndRun() throws IOException, InterruptedException {
        Files.createDirectories(PROGRAM.getParent());
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-o", PROGRAM.toString(),
                    "src/test/cpp/flock_layout.c").redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            Assumptions.assumeTrue(false, "gcc is not installed (" + noCompiler.getMessage()
                    + "): this test needs it to build src/test/cpp/flock_layout.c");
            return;
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc did not finish in 60 s");
        assertEquals(0, gcc.exitValue(), "gcc failed:\n" + output);
        Process run = new ProcessBuilder(PROGRAM.toString()).redirectErrorStream(true).start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        for (String line : printed.strip().split("\n")) {
            String[] pair = line.split("=");
            C.put(pair[0], Long.parseLong(pair[1]));
        }
    }

    @Test
    void structFlockIsLaidOutAsTheCompilerLaysItOut() {
        assertEquals(C.get("sizeof"), Libc.FLOCK.byteSize());
        for (String field : new String[] {"l_type", "l_whence", "l_start", "l_len", "l_pid"}) {
            assertEquals(C.get(field), Libc.FLOCK.byteOffset(MemoryLayout.PathElement.groupElement(field)), field);
        }
    }

    @Test
    void theCommandsAndLockTypesAreTheHeadersOnes() {
        assertEquals(C.get("F_OFD_GETLK"), Libc.F_OFD_GETLK);
        assertEquals(C.get("F_OFD_SETLK"), Libc.F_OFD_SETLK);
        assertEquals(C.get("F_OFD_SETLKW"), Libc.F_OFD_SETLKW);
        assertEquals(C.get("F_RDLCK"), Libc.F_RDLCK);
        assertEquals(C.get("F_WRLCK"), Libc.F_WRLCK);
        assertEquals(C.get("F_UNLCK"), Libc.F_UNLCK);
    }
}

package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Builds {@code src/test/cpp/basic_queue_peer.cpp} once per test class with g++, passing for each struct element
 * shape of the peer the slots Java's {@link RingLayout} computes ({@code -DJAVA_S40_FULL=64}, ...): the peer's
 * {@code static_assert}s compare them with where the compiler puts the fields, so a layout that differs fails
 * the build. Skips the calling test class when there is no g++. An instance starts peers and collects their
 * output.
 */
final class QueuePeer {

    static final Path BINARY = Path.of("target", "cpp-interop", "basic_queue_peer");

    /** The peer's struct shapes: name, size, alignment. */
    enum Shape {
        S40(40, 8), S48(48, 16), S128(128, 8);

        final long bytes;
        final long alignment;

        Shape(long bytes, long alignment) {
            this.bytes = bytes;
            this.alignment = alignment;
        }

        /** The peer's {@code --element=} value. */
        String flag() {
            return "--element=" + name().toLowerCase(Locale.ROOT);
        }
    }

    private final List<Process> started = new ArrayList<>();
    private final Map<Process, Path> outputs = new HashMap<>();

    static void compile() throws IOException, InterruptedException {
        Files.createDirectories(BINARY.getParent());
        List<String> command = new ArrayList<>(List.of("g++", "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror"));
        for (Shape shape : Shape.values()) {
            RingLayout light = RingLayout.of(RingPolicy.SPSC, 2, shape.bytes, shape.alignment);
            RingLayout full = RingLayout.of(RingPolicy.MPSC, 2, shape.bytes, shape.alignment);
            command.add("-DJAVA_" + shape + "_LIGHT=" + light.slotSize());
            command.add("-DJAVA_" + shape + "_FULL=" + full.slotSize());
            command.add("-DJAVA_" + shape + "_DATA=" + full.dataOffset());
        }
        command.addAll(List.of("-o", BINARY.toString(), "src/test/cpp/basic_queue_peer.cpp"));
        Process gcc;
        try {
            gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            Assumptions.assumeTrue(false, "g++ is not installed (" + noCompiler.getMessage()
                    + "): the queue interoperability tests need it to build src/test/cpp/basic_queue_peer.cpp");
            return;
        }
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS), "g++ did not finish");
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.exitValue(), "g++ failed (a failed static_assert means the compiler places the queue "
                + "header's fields elsewhere than RingLayout says):\n" + output);
    }

    /** Starts the peer on queue {@code name} with {@code mode} and its arguments. */
    Process start(String name, RingPolicy policy, long capacity, String... mode) throws IOException {
        List<String> args = new ArrayList<>(List.of(name, policy.name().toLowerCase(Locale.ROOT),
                Long.toString(capacity)));
        args.addAll(List.of(mode));
        return start(args.toArray(String[]::new));
    }

    /** Starts the peer with {@code args}, its output going to a file that {@link #finish} reads. */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(BINARY.getParent(), "peer", ".out");
        out.toFile().deleteOnExit();
        Process peer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(peer);
        outputs.put(peer, out);
        return peer;
    }

    /** Waits for {@code peer} (bounded), requires exit 0 and returns its output lines. */
    List<String> finish(Process peer) throws IOException, InterruptedException {
        boolean done = peer.waitFor(60, TimeUnit.SECONDS);
        Path out = outputs.get(peer);
        List<String> lines = Files.readAllLines(out);
        Files.deleteIfExists(out);
        assertTrue(done, "basic_queue_peer did not finish in 60 s: " + lines);
        assertEquals(0, peer.exitValue(), "basic_queue_peer failed: " + lines);
        return lines;
    }

    /** Kills every peer still running, bounded. */
    void destroyAll() throws InterruptedException {
        for (Process peer : started) {
            peer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        started.clear();
    }
}

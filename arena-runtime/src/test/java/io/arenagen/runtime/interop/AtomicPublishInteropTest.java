package io.arenagen.runtime.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Java creator and a C++ attacher that behaves as the Join library does, started together many times:
 * the attacher ({@code src/test/cpp/join_attach_peer.cpp}, built here with {@code g++}) spins on
 * {@code shm_open} until the name exists, checks {@code fstat}'s size once and never waits for it, then
 * CAS-initializes every pool whose magic is still 0. A creator that shows the name before the object is
 * complete makes it fail with a size mismatch, or lets it initialize pools (which then carry no layout
 * descriptor). Publishing the finished object with {@code link(2)} leaves it nothing to trip on.
 */
@Tag("stress") // a child process and 200 rounds: proves a race, not line behaviour (PIT skips it)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class AtomicPublishInteropTest {

    private static final Path PEER = Path.of("target", "cpp-interop", "join_attach_peer");
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int TRIES = 200;
    /** About 600 KiB: reserving its pages and linking its lists takes long enough for an early attacher to see. */
    private static final ArenaLayout LAYOUT = ArenaLayout.of(96, 64, 256, 1024, 4096);

    private final UniqueShmNames names = new UniqueShmNames("publish");

    @BeforeAll
    static void compilePeer() throws IOException, InterruptedException {
        Files.createDirectories(PEER.getParent());
        Process gcc;
        try {
            gcc = new ProcessBuilder("g++", "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror", "-o", PEER.toString(),
                    "src/test/cpp/join_attach_peer.cpp").redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            Assumptions.assumeTrue(false, "g++ is not installed (" + noCompiler.getMessage()
                    + "): this test needs it to build src/test/cpp/join_attach_peer.cpp");
            return;
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "g++ did not finish in 60 s");
        assertEquals(0, gcc.exitValue(), "g++ failed (a failed static_assert means the compiler places the C++ "
                + "header's fields elsewhere than DESIGN.md says):\n" + output);
    }

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    @Test
    void anAttacherThatChecksOnlyTheSizeAlwaysFindsACompleteObject() throws Exception {
        List<String> command = new ArrayList<>(List.of(PEER.toString(), Long.toString(LAYOUT.count())));
        for (long size : LAYOUT.sizes()) {
            command.add(Long.toString(size));
        }
        Process peer = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> pump(peer, lines), "join-attach-peer-output");
        reader.setDaemon(true);
        reader.start();
        int mismatches = 0;
        int poolsInitializedByPeer = 0;
        int poolsWithoutDescriptor = 0;
        List<String> failures = new ArrayList<>();
        String first = null;
        try (OutputStream toPeer = peer.getOutputStream()) {
            for (int attempt = 0; attempt < TRIES; attempt++) {
                String name = names.next();
                first = first == null ? name : first;
                toPeer.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                toPeer.flush();
                assertEquals("watching " + name, next(lines, peer), "the peer starts watching the name");
                SlabAllocator arena = null;
                try {
                    arena = SlabArenas.shared(name, LAYOUT.count(), LAYOUT.sizes());
                    for (int pool = 0; pool < LAYOUT.poolCount(); pool++) {
                        int tag = arena.memory().get(INT_LE, LAYOUT.poolOffset(pool) + PoolHeader.TAG_OFFSET);
                        if (tag != PoolHeader.DESCRIPTOR_TAG) {
                            poolsWithoutDescriptor++;
                        }
                    }
                } catch (ArenaException refused) {
                    failures.add("Java: " + refused.getMessage());
                }
                String result = next(lines, peer);
                if (arena != null) {
                    arena.close();
                }
                if (result.startsWith(name + " mismatch ")) {
                    mismatches++;
                    failures.add(result);
                } else if (result.startsWith(name + " attached initialized=")) {
                    int initialized = Integer.parseInt(result.substring(result.indexOf('=') + 1));
                    poolsInitializedByPeer += initialized;
                    if (initialized > 0) {
                        failures.add(result);
                    }
                } else {
                    failures.add(result);
                }
                names.unlinkAll();
            }
        } finally {
            assertTrue(peer.waitFor(20, TimeUnit.SECONDS) || peer.destroyForcibly().waitFor(5, TimeUnit.SECONDS));
        }
        String summary = TRIES + " tries: " + mismatches + " size mismatches, " + poolsInitializedByPeer
                + " pools initialized by the C++ attacher, " + poolsWithoutDescriptor + " pools without a layout "
                + "descriptor; first failures: " + failures.subList(0, Math.min(5, failures.size()));
        assertEquals(0, mismatches, summary);
        assertEquals(0, poolsInitializedByPeer, summary);
        assertEquals(0, poolsWithoutDescriptor, summary);
        assertTrue(failures.isEmpty(), summary);
        assertEquals(0, peer.exitValue(), "join_attach_peer exit status");
        String prefix = first.substring(1, first.lastIndexOf('-') + 1);
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(prefix)).toList();
            assertEquals(List.of(), left, "nothing left in /dev/shm, no object and no temporary name");
        }
    }

    private static void pump(Process peer, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException gone) {
            lines.add("peer output failed: " + gone);
        }
    }

    private static String next(BlockingQueue<String> lines, Process peer) throws InterruptedException {
        String line = lines.poll(20, TimeUnit.SECONDS);
        assertNotNull(line, "join_attach_peer said nothing for 20 s (alive: " + peer.isAlive() + ")");
        return line;
    }
}

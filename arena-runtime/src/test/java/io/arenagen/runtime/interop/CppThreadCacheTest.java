package io.arenagen.runtime.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.CachedHammers;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.PoolAudit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thread caches against the compiler-placed C++ peer ({@code src/test/cpp/basic_arena_peer.cpp}, built
 * here with {@code g++} as in {@link CppInteropTest}): a batch is one pop or push of several chunks on
 * the same list, so C++ continues exactly where a cache's refill left the list, and a C++ process
 * hammering a pool with stamps while Java threads use caches and the arena sees no double hand-out;
 * after the caches close every chunk is on the list exactly once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class CppThreadCacheTest {

    private static final Path PEER = Path.of("target", "cpp-interop", "basic_arena_peer_cache");
    private static final ShmOptions CPP_MODE = ShmOptions.defaults().withPermissions(0644);

    private final UniqueShmNames names = new UniqueShmNames("cppcache");

    @BeforeAll
    static void compilePeer() throws IOException, InterruptedException {
        Files.createDirectories(PEER.getParent());
        Process gcc;
        try {
            gcc = new ProcessBuilder("g++", "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror", "-o", PEER.toString(),
                    "src/test/cpp/basic_arena_peer.cpp").redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            Assumptions.assumeTrue(false, "g++ is not installed (" + noCompiler.getMessage()
                    + "): the C++ thread-cache tests need it to build src/test/cpp/basic_arena_peer.cpp");
            return;
        }
        String output = finish(gcc, 60);
        assertEquals(0, gcc.exitValue(), "g++ failed:\n" + output);
    }

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    /**
     * A cache refills a batch of 4 from a fresh pool of 16; C++ pops every chunk it can see: exactly the
     * 12 after the batch, in list order (the list was not swapped out). The cache closes, pushing its
     * parked chunks back in one batch; Java's arena then gets exactly those.
     */
    @Test
    void cppContinuesTheListWhereABatchLeftIt() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(16, 16);
        try (SlabAllocator arena = SlabArenas.shared(name, CPP_MODE, 16, 16)) {
            long first;
            Set<Long> parked = new HashSet<>();
            try (ThreadCache cache = arena.threadCache(8)) {
                first = cache.allocateOffset(16);
                assertEquals(layout.chunksOffset(0), first);
                assertEquals(3, cache.parked(0));
                String out = run(name, layout, "alloc-all");
                List<Long> cpp = new ArrayList<>();
                for (String token : out.strip().substring("pool 0:".length()).trim().split(" +")) {
                    cpp.add(Long.parseLong(token));
                }
                List<Long> expected = new ArrayList<>();
                for (long k = 4; k < 16; k++) {
                    expected.add(layout.chunksOffset(0) + k * 16);
                }
                assertEquals(expected, cpp, "C++ pops what the batch left, in list order");
                for (long k = 1; k < 4; k++) {
                    parked.add(layout.chunksOffset(0) + k * 16);
                }
            }
            Set<Long> back = new HashSet<>();
            for (long offset; (offset = arena.tryAllocateOffset(16)) >= 0; ) {
                back.add(offset);
            }
            assertEquals(parked, back, "close pushed the three parked chunks; C++ still holds its 12, Java 1");
        }
    }

    @Test
    @Tag("stress")
    void cppHammersAPoolWhileJavaThreadsUseCaches() throws Exception {
        String name = names.next();
        long count = 16;
        ArenaLayout layout = ArenaLayout.of(count, 16);
        try (SlabAllocator arena = SlabArenas.shared(name, count, 16)) {
            Process peer = start(name, layout, "hammer", "2500");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            HammerReport java = CachedHammers.run(arena, layout, ProcessHandle.current().pid(), 3, 2, 4, 16, 3,
                    Long.MAX_VALUE, () -> peer.isAlive() && System.nanoTime() < deadline, Duration.ofSeconds(20));
            String report = finish(peer, 15);
            assertEquals(0, peer.exitValue(), "C++ saw a double hand-out: " + report);
            java.assertClean();
            assertTrue(java.allocations() > 1000, "Java allocations: " + java);
            long cppOps = Long.parseLong(report.replaceAll("(?s).*ops=(\\d+).*", "$1"));
            assertTrue(cppOps > 1000, "C++ allocations: " + report);
            assertEquals(0, arena.stats().parked(), "every cache closed");
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
            Set<Long> distinct = new HashSet<>();
            for (long k = 0; k < count; k++) {
                long offset = arena.allocateOffset(16);
                assertEquals(0L, ChunkStamp.read(arena.memory(), offset), "stamp left at " + offset);
                distinct.add(offset);
            }
            assertEquals(count, distinct.size());
            assertEquals(-1, arena.allocateOffset(16));
        }
    }

    private static String run(String name, ArenaLayout layout, String... mode) throws Exception {
        Process peer = start(name, layout, mode);
        String output = finish(peer, 10);
        assertEquals(0, peer.exitValue(), "basic_arena_peer " + String.join(" ", mode) + " failed:\n" + output);
        return output;
    }

    private static Process start(String name, ArenaLayout layout, String... mode) throws IOException {
        List<String> command = new ArrayList<>(List.of(PEER.toString(), name, Long.toString(layout.count())));
        command.addAll(List.of(mode));
        for (long size : layout.sizes()) {
            command.add(Long.toString(size));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String finish(Process process, long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(process.info().command().orElse("child") + " did not finish in " + seconds + " s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

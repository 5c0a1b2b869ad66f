package io.arenagen.runtime.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.pool.FreeList;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A C++ process and a Java process share one named arena. The peer {@code src/test/cpp/basic_arena_peer.cpp}
 * implements the layout and protocol of DESIGN.md the way the C++ {@code BasicArena} does (no layout
 * descriptor, {@code __atomic} builtins on the tagged head); it is compiled here with {@code g++}, and the
 * tests are skipped when there is no {@code g++}.
 *
 * <p>Stamp protocol for the concurrent test, the same in both languages: the 8 bytes at chunk + 8 are 0
 * while nobody owns the chunk; a holder CASes {@code 0 → stamp} right after allocating and {@code stamp → 0}
 * right before freeing. A failed CAS means one chunk was handed to two holders at once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class CppInteropTest {

    private static final long STAMP_OFFSET = 8;
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final Path PEER = Path.of("target", "cpp-interop", "basic_arena_peer");

    private final UniqueShmNames names = new UniqueShmNames("cpp");

    @BeforeAll
    static void compilePeer() throws IOException, InterruptedException {
        Files.createDirectories(PEER.getParent());
        Process gcc;
        try {
            gcc = new ProcessBuilder("g++", "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror", "-o", PEER.toString(),
                    "src/test/cpp/basic_arena_peer.cpp").redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            Assumptions.assumeTrue(false, "g++ is not installed (" + noCompiler.getMessage()
                    + "): the C++ interoperability tests need it to build src/test/cpp/basic_arena_peer.cpp");
            return;
        }
        String output = finish(gcc, 60);
        assertEquals(0, gcc.exitValue(), "g++ failed:\n" + output);
    }

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    @Test
    void javaAttachesToAnArenaCreatedByCppAndAllocatesInItsInitialOrder() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(4, 16, 64);
        assertEquals("ready", runPeer(name, layout, "create").strip());
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16, 64)) {
            for (int pool = 0; pool < 2; pool++) {
                long base = layout.poolOffset(pool);
                for (long at = PoolHeader.TAG_OFFSET; at < PoolHeader.HEAD_OFFSET; at++) {
                    assertEquals(0, arena.memory().get(ValueLayout.JAVA_BYTE, base + at),
                            "C++ leaves header byte " + at + " of pool " + pool + " zero, and Java must not write it");
                }
            }
            for (int pool = 0; pool < 2; pool++) {
                for (long chunk = 0; chunk < 4; chunk++) {
                    assertEquals(layout.chunksOffset(pool) + chunk * layout.chunkSize(pool),
                            arena.tryAllocateOffset(layout.chunkSize(pool)), "pool " + pool + " chunk " + chunk);
                }
            }
            assertEquals(-1, arena.allocateOffset(16));
        }
    }

    @Test
    void cppPopsEveryChunkOfAnArenaCreatedByJavaInTheOrderJavaExpects() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(4, 16, 64);
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16, 64)) {
            String[] lines = runPeer(name, layout, "alloc-all").strip().split("\n");
            assertEquals(2, lines.length, String.join("\n", lines));
            List<Long> all = new ArrayList<>();
            for (int pool = 0; pool < 2; pool++) {
                long first = layout.chunksOffset(pool);
                long size = layout.chunkSize(pool);
                List<Long> expected = LongStream.range(0, 4).mapToObj(k -> first + k * size).toList();
                List<Long> popped = parseOffsets(lines[pool], pool);
                assertEquals(expected, popped, "offsets C++ popped from pool " + pool);
                all.addAll(popped);
            }
            assertEquals(-1, arena.allocateOffset(16), "C++ emptied pool 0 and (for promotion) pool 1");
            assertEquals(-1, arena.tryAllocateOffset(64));
            for (long offset : all) {
                arena.deallocateOffset(offset);
            }
            for (int pool = 0; pool < 2; pool++) {
                assertEquals(4, freeChunks(arena, layout, pool), "pool " + pool + " after Java freed C++'s chunks");
            }
            Set<Long> again = new HashSet<>();
            for (int k = 0; k < 8; k++) {
                again.add(arena.allocateOffset(16));
            }
            assertEquals(new HashSet<>(all), again, "the freed chunks are reusable, each once");
        }
    }

    @Test
    void cppAndJavaHammerOnePoolWithoutDoubleHandOuts() throws Exception {
        String name = names.next();
        long count = 8;
        ArenaLayout layout = ArenaLayout.of(count, 16);
        try (SlabAllocator arena = SlabArenas.shared(name, count, 16)) {
            Process peer = startPeer(name, layout, "hammer", "2000");
            AtomicLong javaOps = new AtomicLong();
            AtomicLong javaDoubles = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int t = 0; t < 2; t++) {
                long stamp = (ProcessHandle.current().pid() << 16) | (t + 1);
                threads.add(Thread.ofPlatform().start(
                        () -> hammer(arena, stamp, () -> peer.isAlive() && System.nanoTime() < deadline, javaOps, javaDoubles)));
            }
            String report = finish(peer, 15);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            assertEquals(0, peer.exitValue(), "C++ saw a double hand-out: " + report);
            assertEquals(0, javaDoubles.get(), "Java saw a double hand-out");
            assertTrue(javaOps.get() > 1000, "Java allocations: " + javaOps.get());
            long cppOps = Long.parseLong(report.replaceAll("(?s).*ops=(\\d+).*", "$1"));
            assertTrue(cppOps > 1000, "C++ allocations: " + report);

            assertEquals(count, freeChunks(arena, layout, 0), "every chunk is back on the free list");
            Set<Long> distinct = new HashSet<>();
            for (long k = 0; k < count; k++) {
                long offset = arena.allocateOffset(16);
                assertEquals(0L, (long) WORD.getVolatile(arena.memory(), offset + STAMP_OFFSET), "stamp left at " + offset);
                distinct.add(offset);
            }
            assertEquals(count, distinct.size(), "count distinct chunks: " + distinct);
            assertEquals(-1, arena.allocateOffset(16));
        }
    }

    /** Allocate 1..3 chunks, stamp each, then unstamp and free them, while {@code running}. */
    private static void hammer(SlabAllocator arena, long stamp, BooleanSupplier running,
            AtomicLong ops, AtomicLong doubles) {
        MemorySegment memory = arena.memory();
        long[] held = new long[3];
        long done = 0;
        while (running.getAsBoolean()) {
            int n = 0;
            for (int want = 1 + (int) (done % 3); n < want; n++) {
                long offset = arena.allocateOffset(16);
                if (offset < 0) {
                    break;
                }
                if ((long) WORD.compareAndExchange(memory, offset + STAMP_OFFSET, 0L, stamp) != 0L) {
                    doubles.incrementAndGet();
                }
                held[n] = offset;
                done++;
            }
            for (int i = 0; i < n; i++) {
                if ((long) WORD.compareAndExchange(memory, held[i] + STAMP_OFFSET, stamp, 0L) != stamp) {
                    doubles.incrementAndGet();
                }
                arena.deallocateOffset(held[i]);
            }
        }
        ops.addAndGet(done);
    }

    private static long freeChunks(SlabAllocator arena, ArenaLayout layout, int pool) {
        return FreeList.countFree(arena.memory(), layout.headOffset(pool), layout.chunksOffset(pool),
                layout.chunkShift(pool), layout.count());
    }

    private static List<Long> parseOffsets(String line, int pool) {
        String prefix = "pool " + pool + ":";
        assertTrue(line.startsWith(prefix), line);
        List<Long> offsets = new ArrayList<>();
        for (String token : line.substring(prefix.length()).trim().split(" +")) {
            offsets.add(Long.parseLong(token));
        }
        return offsets;
    }

    private static String runPeer(String name, ArenaLayout layout, String mode) throws Exception {
        Process peer = startPeer(name, layout, mode);
        String output = finish(peer, 10);
        assertEquals(0, peer.exitValue(), "basic_arena_peer " + mode + " failed:\n" + output);
        return output;
    }

    private static Process startPeer(String name, ArenaLayout layout, String... mode) throws IOException {
        List<String> command = new ArrayList<>(List.of(PEER.toString(), name, Long.toString(layout.count())));
        command.addAll(List.of(mode));
        for (long size : layout.sizes()) {
            command.add(Long.toString(size));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Waits for {@code process} at most {@code seconds}, killing it on time-out; returns its output. */
    private static String finish(Process process, long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(process.info().command().orElse("child") + " did not finish in " + seconds + " s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

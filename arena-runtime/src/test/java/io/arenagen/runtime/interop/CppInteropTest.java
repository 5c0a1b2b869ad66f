package io.arenagen.runtime.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.inspect.OwnersReport;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.pool.FreeList;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerReport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A C++ process and a Java process share one named arena. The peer {@code src/test/cpp/basic_arena_peer.cpp}
 * declares the pool header as the C++ arena library does ({@code alignas(64)} atomic magic and head, a
 * flexible array of {@code alignas(max_align_t)} chunk unions) and lets the compiler place the fields: its
 * {@code static_assert}s fail the build if the compiler puts them anywhere else, and every offset it prints is
 * the address of a struct member, never a constant. These tests compare those offsets with Java's layout. The
 * peer is compiled here with {@code g++}; the tests are skipped when there is no {@code g++}.
 *
 * <p>Stamp protocol for the concurrent test, the same in both languages ({@link ChunkStamp}, which the Java
 * side's {@link Hammer} uses): the 8 bytes at chunk + 8 are 0 while nobody owns the chunk; a holder CASes
 * {@code 0 → stamp} right after allocating and {@code stamp → 0} right before freeing. A failed CAS means one
 * chunk was handed to two holders at once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class CppInteropTest {

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final Path PEER = Path.of("target", "cpp-interop", "basic_arena_peer");

    /** The C++ library creates objects 0644; Java opens one only when asked for that mode (else: name squatting). */
    private static final ShmOptions CPP_MODE = ShmOptions.defaults().withPermissions(0644);

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
        assertEquals(0, gcc.exitValue(), "g++ failed (a failed static_assert means the compiler places the C++ "
                + "header's fields elsewhere than DESIGN.md says):\n" + output);
    }

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    /**
     * C++ creates the arena, pops five chunks of pool 1, frees the 1st, 3rd and 5th and exits holding the
     * others. Java attaches and must get exactly what that list implies: the freed chunks, last freed first,
     * then the chunks C++ never popped, in the order the C++ constructor linked them.
     */
    @Test
    void javaContinuesTheFreeListACppProcessLeft() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(8, 16, 64, 256);
        String[] lines = runPeer(name, layout, "hold-free", "1", "5").strip().split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        String[] chunks = lines[0].split(" ");
        assertTrue(chunks.length == 4 && chunks[0].equals("chunks") && chunks[2].equals("stride"), lines[0]);
        long first = Long.parseLong(chunks[1]);
        long stride = Long.parseLong(chunks[3]);
        List<Long> popped = parseList(lines[1], "popped:");
        List<Long> freed = parseList(lines[2], "freed:");
        assertEquals(List.of(popped.get(0), popped.get(2), popped.get(4)), freed, "the peer frees every other chunk");

        // What C++ reports, against Java's layout: where pool 1's chunks start and how far apart they are.
        assertEquals(layout.chunksOffset(1), first, "offset of &chunks[0] of pool 1 (C++) vs chunksOffset(1) (Java)");
        assertEquals(layout.chunkSize(1), stride, "sizeof(Chunk<64>) (C++) vs chunkSize(1) (Java)");
        for (int k = 0; k < popped.size(); k++) {
            assertEquals(first + k * stride, popped.get(k), "C++ pops a fresh pool in the order it linked it");
        }

        // The list C++ left behind: freed chunks (a push goes to the front), then the never-popped ones.
        List<Long> expected = new ArrayList<>(freed.reversed());
        for (long k = popped.size(); k < layout.count(); k++) {
            expected.add(first + k * stride);
        }
        try (SlabAllocator arena = SlabArenas.shared(name, CPP_MODE, 8, 16, 64, 256)) {
            assertHeaderUntouched(arena, layout);
            List<Long> got = new ArrayList<>();
            for (long offset; (offset = arena.tryAllocateOffset(64)) >= 0; ) {
                got.add(offset);
            }
            assertEquals(expected, got, "pool 1 as Java continues the list C++ left");
            long held = popped.size() - freed.size();
            assertEquals(layout.count() - held, got.size(), "C++ still holds " + held + " chunks");
        }
    }

    /**
     * Java creates the arena and moves pool 0's list (takes two chunks, frees the first); C++ pops five chunks
     * of every pool; Java drains what is left. Every offset C++ reports is the one Java's model of the list
     * predicts, and Java's chunks plus C++'s are every chunk of every pool exactly once.
     */
    @Test
    void cppAndJavaShareTheListsOfAnArenaCreatedByJava() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(8, 16, 64, 256);
        try (SlabAllocator arena = SlabArenas.shared(name, 8, 16, 64, 256)) {
            List<Deque<Long>> lists = new ArrayList<>();
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                Deque<Long> list = new ArrayDeque<>();
                for (long k = 0; k < layout.count(); k++) {
                    list.addLast(layout.chunksOffset(pool) + k * layout.chunkSize(pool));
                }
                lists.add(list);
            }
            List<Long> taken = new ArrayList<>();
            long a = arena.tryAllocateOffset(16);
            long b = arena.tryAllocateOffset(16);
            assertEquals(lists.get(0).pollFirst(), a);
            assertEquals(lists.get(0).pollFirst(), b);
            arena.deallocateOffset(a);
            lists.get(0).addFirst(a);
            taken.add(b);

            String[] lines = runPeer(name, layout, "alloc-some", "5").strip().split("\n");
            assertEquals(layout.poolCount(), lines.length, String.join("\n", lines));
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                List<Long> cpp = parseList(lines[pool], "pool " + pool + ":");
                List<Long> predicted = new ArrayList<>();
                for (int k = 0; k < 5; k++) {
                    predicted.add(lists.get(pool).pollFirst());
                }
                assertEquals(predicted, cpp, "offsets C++ popped from pool " + pool
                        + " (Java's chunksOffset(pool) + k * size, in list order)");
                taken.addAll(cpp);
                for (long offset; (offset = arena.tryAllocateOffset(layout.chunkSize(pool))) >= 0; ) {
                    assertEquals(lists.get(pool).pollFirst(), offset, "Java drains the rest of pool " + pool);
                    taken.add(offset);
                }
                assertTrue(lists.get(pool).isEmpty(), "pool " + pool + " drained: " + lists.get(pool));
            }
            Set<Long> every = new HashSet<>();
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                for (long k = 0; k < layout.count(); k++) {
                    every.add(layout.chunksOffset(pool) + k * layout.chunkSize(pool));
                }
            }
            assertEquals(every.size(), taken.size(), "no chunk handed out twice: " + taken);
            assertEquals(every, new HashSet<>(taken), "every chunk handed out once");
        }
    }

    /**
     * With reclamation on the Java side, a C++ process shares the arena as before and takes no part: it pops
     * five chunks of every pool and exits holding them; no reclaim gives them back (they record no owner),
     * the inspector counts them as in use without an entry, and Java's own chunks are recorded.
     */
    @Test
    void cppChunksInAnArenaWithReclamationAreNeverReclaimed() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(8, 16, 64, 256);
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withReclamation(), 8, 16, 64, 256)) {
            long mine = arena.tryAllocateOffset(16);
            String[] lines = runPeer(name, layout, "alloc-some", "5").strip().split("\n");
            assertEquals(layout.poolCount(), lines.length, String.join("\n", lines));
            assertEquals(0, arena.reclaim(), "a C++ process holds no slot: nothing of it is reclaimed");
            OwnersReport owners = SharedMemory.inspect(name).owners().orElseThrow();
            assertEquals(5 * layout.poolCount(), owners.unrecordedInUse(), owners.toString());
            assertEquals(1, owners.slots().size());
            assertEquals(1, owners.slots().getFirst().chunks(), "Java's chunk is recorded: " + owners);
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                long taken = 0;
                while (arena.tryAllocateOffset(layout.chunkSize(pool)) >= 0) {
                    taken++;
                }
                assertEquals(layout.count() - 5 - (pool == 0 ? 1 : 0), taken, "C++'s chunks stay C++'s in pool " + pool);
            }
            assertTrue(mine >= 0);
        }
    }

    @Test
    void cppAndJavaHammerOnePoolWithoutDoubleHandOuts() throws Exception {
        String name = names.next();
        long count = 8;
        ArenaLayout layout = ArenaLayout.of(count, 16);
        try (SlabAllocator arena = SlabArenas.shared(name, count, 16)) {
            Process peer = startPeer(name, layout, "hammer", "2000");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long pid = ProcessHandle.current().pid();
            List<Hammer> hammers = List.of(new Hammer(arena, layout, ChunkStamp.of(pid, 0), 16, 3, 1),
                    new Hammer(arena, layout, ChunkStamp.of(pid, 1), 16, 3, 2));
            HammerReport java = Hammer.runInThreads(hammers, Long.MAX_VALUE,
                    () -> peer.isAlive() && System.nanoTime() < deadline, Duration.ofSeconds(15));
            String report = finish(peer, 15);
            assertEquals(0, peer.exitValue(), "C++ saw a double hand-out: " + report);
            java.assertClean();
            assertTrue(java.allocations() > 1000, "Java allocations: " + java);
            long cppOps = Long.parseLong(report.replaceAll("(?s).*ops=(\\d+).*", "$1"));
            assertTrue(cppOps > 1000, "C++ allocations: " + report);

            assertEquals(count, freeChunks(arena, layout, 0), "every chunk is back on the free list");
            List<Long> walked = walk(arena, layout, 0);
            assertEquals(count, new HashSet<>(walked).size(), "the free list holds each chunk once: " + walked);
            Set<Long> distinct = new HashSet<>();
            for (long k = 0; k < count; k++) {
                long offset = arena.allocateOffset(16);
                assertEquals(0L, ChunkStamp.read(arena.memory(), offset), "stamp left at " + offset);
                distinct.add(offset);
            }
            assertEquals(new HashSet<>(walked), distinct, "allocation hands out the chunks the walk found");
            assertEquals(-1, arena.allocateOffset(16));
        }
    }

    /**
     * A C++ creator pauses after pool 0: Java attaches meanwhile, sees a pool 0 without descriptor, and waits
     * for the C++ constructor instead of initializing pools 1 and 2 itself (they end up without descriptor).
     */
    @Test
    void javaWaitsForTheCppConstructorAndInitializesNoPoolOfItsObject() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(4, 16, 64, 256);
        Process peer = startPeer(name, layout, "create-paused", "1500");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("pool 0 ready", out.readLine());
            long started = System.nanoTime();
            try (SlabAllocator arena = SlabArenas.shared(name, CPP_MODE.withInitTimeout(Duration.ofSeconds(10)),
                    4, 16, 64, 256)) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(waited >= 1000, "Java returned after " + waited + " ms, before the C++ constructor went on");
                assertHeaderUntouched(arena, layout);
                for (int pool = 0; pool < layout.poolCount(); pool++) {
                    assertEquals(layout.chunksOffset(pool), arena.tryAllocateOffset(layout.chunkSize(pool)));
                }
            }
            assertEquals("ready", out.readLine());
        } finally {
            if (!peer.waitFor(10, TimeUnit.SECONDS)) {
                peer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, peer.exitValue(), "basic_arena_peer create-paused");
    }

    /** The C++ creator does not finish within the init timeout: a clear error, and pool 1 is left fresh. */
    @Test
    void javaGivesUpOnACppConstructorThatDoesNotFinishAndLeavesItsPoolsAlone() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(4, 16, 64);
        Process peer = startPeer(name, layout, "create-paused", "20000");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("pool 0 ready", out.readLine());
            ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name,
                    CPP_MODE.withInitTimeout(Duration.ofMillis(300)), 4, 16, 64).close());
            assertTrue(e.getMessage().contains("was created by the C++ library")
                    && e.getMessage().contains("pool 1 is still uninitialized after 300 ms"), e.getMessage());
            byte[] pool1 = Arrays.copyOfRange(Files.readAllBytes(UniqueShmNames.file(name)),
                    (int) layout.poolOffset(1), (int) layout.poolOffset(1) + (int) PoolHeader.BYTES);
            assertTrue(Arrays.equals(new byte[pool1.length], pool1), "Java wrote into pool 1 of a C++-created object");
        } finally {
            peer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long freeChunks(SlabAllocator arena, ArenaLayout layout, int pool) {
        return FreeList.countFree(arena.memory(), layout.headOffset(pool), layout.chunksOffset(pool),
                layout.chunkShift(pool), layout.count());
    }

    /** C++ never writes bytes 8..63 of a pool header, and Java must not write them in a C++-created object. */
    private static void assertHeaderUntouched(SlabAllocator arena, ArenaLayout layout) {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            long base = layout.poolOffset(pool);
            for (long at = PoolHeader.TAG_OFFSET; at < PoolHeader.HEAD_OFFSET; at += Long.BYTES) {
                assertEquals(0L, arena.memory().get(LONG_LE, base + at),
                        "C++ leaves header bytes " + at + ".." + (at + 7) + " of pool " + pool + " zero");
            }
        }
    }

    /** The chunk offsets on a pool's free list, head first (at most count + 1 of them: a cycle shows). */
    private static List<Long> walk(SlabAllocator arena, ArenaLayout layout, int pool) {
        List<Long> offsets = new ArrayList<>();
        long index = FreeList.indexOf(FreeList.head(arena.memory(), layout.headOffset(pool)));
        while (index != Integer.toUnsignedLong(PoolHeader.EMPTY_INDEX) && offsets.size() <= layout.count()) {
            assertTrue(index < layout.count(), "free-list index " + index + " out of range");
            long offset = layout.chunksOffset(pool) + index * layout.chunkSize(pool);
            offsets.add(offset);
            index = Integer.toUnsignedLong(arena.memory().get(INT_LE, offset));
        }
        return offsets;
    }

    private static List<Long> parseList(String line, String prefix) {
        assertTrue(line.startsWith(prefix), "expected '" + prefix + "...': " + line);
        List<Long> offsets = new ArrayList<>();
        for (String token : line.substring(prefix.length()).trim().split(" +")) {
            offsets.add(Long.parseLong(token));
        }
        return offsets;
    }

    private static String runPeer(String name, ArenaLayout layout, String... mode) throws Exception {
        Process peer = startPeer(name, layout, mode);
        String output = finish(peer, 10);
        assertEquals(0, peer.exitValue(), "basic_arena_peer " + String.join(" ", mode) + " failed:\n" + output);
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

package io.arenagen.inspect;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.inspect.Liveness;
import io.arenagen.runtime.inspect.MagicState;
import io.arenagen.runtime.inspect.Problem;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code arena-inspect} end to end, in process: real shared objects, the command's output and exit status. */
@Timeout(60)
class InspectCommandTest {

    private static final long PAGE = 4096;

    private final ShmFiles shm = new ShmFiles();

    @AfterEach
    void unlink() {
        shm.close();
    }

    /** The outcome of one run of the command. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Set<Problem.Kind> kinds(ArenaReport report) {
        return report.problems().stream().map(Problem::kind).collect(Collectors.toSet());
    }

    @Test
    void liveJavaArenaReportsWhatWasAllocatedAndIsLeftByteForByteUnchanged() throws Exception {
        String name = shm.name();
        try (SlabAllocator arena = SlabArenas.shared(name, 8, 64, 256)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(arena.tryAllocateOffset(64) >= 0);
            }
            long freed = arena.tryAllocateOffset(256);
            arena.deallocateOffset(freed);
            for (int i = 0; i < 8; i++) {
                assertTrue(arena.tryAllocateOffset(256) >= 0);
            }
            assertEquals(-1, arena.tryAllocateOffset(256)); // pool 1 exhausted once
            FileTime modifiedBefore = Files.getLastModifiedTime(ShmFiles.file(name));
            byte[] before = Files.readAllBytes(ShmFiles.file(name));
            Thread.sleep(20); // a write during the inspection would move the mtime past this point

            Run text = run(name);
            ArenaReport report = SharedMemory.inspect(name);

            assertArrayEquals(before, Files.readAllBytes(ShmFiles.file(name)), "inspect changed the object's bytes");
            assertEquals(modifiedBefore, Files.getLastModifiedTime(ShmFiles.file(name)), "inspect changed the mtime");
            assertEquals(Main.OK, text.status(), text.err());
            assertTrue(text.out().contains("configuration: count=8, sizes=[64, 256] (from the layout descriptor)"),
                    text.out());
            assertTrue(text.out().contains("pid " + ProcessHandle.current().pid() + " (alive)"), text.out());
            assertTrue(text.out().contains("problems: none"), text.out());

            assertTrue(report.fromDescriptor());
            assertEquals(ArenaLayout.of(8, 64, 256), report.layout());
            var pool0 = report.pools().get(0).stats();
            assertEquals(List.of(8L, 5L, 3L, 3L, 0L),
                    List.of(pool0.capacity(), pool0.free(), pool0.inUse(), pool0.operations(), pool0.exhaustions()));
            var pool1 = report.pools().get(1).stats();
            assertEquals(List.of(8L, 0L, 8L, 10L, 1L),
                    List.of(pool1.capacity(), pool1.free(), pool1.inUse(), pool1.operations(), pool1.exhaustions()));
            assertEquals(MagicState.READY, report.pools().get(1).magic());
            assertEquals(Liveness.ALIVE, report.pools().get(0).initializer());
            assertEquals(ProcessHandle.current().pid(), report.pools().get(0).initializerPid());
            assertEquals(ShmFiles.pidNamespace(), report.pools().get(0).initializerPidNamespace());
            assertTrue(report.problems().isEmpty(), report.problems().toString());
        }
    }

    /** An object as the C++ constructor leaves it: every pool ready, chunks linked in order, no descriptor, 0644. */
    private String cppObject(ArenaLayout layout) throws IOException {
        String name = shm.name();
        ShmFiles.create(name, layout.mappedSize(PAGE), "rw-r--r--");
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            for (long k = 0; k < layout.count(); k++) {
                int next = k + 1 < layout.count() ? (int) (k + 1) : PoolHeader.EMPTY_INDEX;
                ShmFiles.putInt(name, layout.chunksOffset(pool) + k * layout.chunkSize(pool), next);
            }
            ShmFiles.putLong(name, layout.poolOffset(pool), PoolHeader.MAGIC_READY);
        }
        return name;
    }

    @Test
    void cppCreatedObjectNeedsItsConfigurationWhichMustAccountForItsSize() throws Exception {
        String name = cppObject(ArenaLayout.of(16, 32, 128));

        Run without = run(name);
        assertEquals(Main.USAGE, without.status(), without.out());
        assertTrue(without.err().contains("carries no layout descriptor") && without.err().contains("--count N --sizes"),
                without.err());

        Run wrongSize = run(name, "--count", "1000", "--sizes", "64,1024");
        assertEquals(Main.USAGE, wrongSize.status());
        assertTrue(wrongSize.err().contains("count=1000, sizes=[64, 1024] needs"), wrongSize.err());

        Run given = run(name, "--count", "16", "--sizes", "32,128");
        assertEquals(Main.OK, given.status(), given.err());
        assertTrue(given.out().contains("(given; no layout descriptor)"), given.out());
        assertTrue(given.out().contains("none recorded (C++)"), given.out());
        assertTrue(given.out().contains("WARNING MODE: mode 0644"), given.out());
        ArenaReport report = SharedMemory.inspect(name, 16, 32, 128);
        assertFalse(report.fromDescriptor());
        assertEquals(16, report.pools().get(1).stats().free());
        assertEquals(Liveness.NOT_RECORDED, report.pools().get(1).initializer());
    }

    @Test
    void cycleAndOutOfRangeIndexAreErrorsWithANonZeroExitStatus() throws Exception {
        String name = shm.name();
        ArenaLayout layout = ArenaLayout.of(4, 16, 32);
        SlabArenas.shared(name, 4, 16, 32).close();
        ShmFiles.putInt(name, layout.chunksOffset(0) + 2 * 16, 1); // 0 -> 1 -> 2 -> 1 -> ...
        ShmFiles.putLong(name, layout.headOffset(1), 99); // head index 99 of 4

        Run text = run(name);

        assertEquals(Main.ERRORS_FOUND, text.status(), text.out());
        assertTrue(text.out().contains("ERROR CYCLE: pool 0 (16 B): a free list that does not end"), text.out());
        assertTrue(text.out().contains("ERROR INDEX_OUT_OF_RANGE: pool 1 (32 B): head index 99, beyond count 4"),
                text.out());
        assertTrue(text.out().contains("   0       16          4          ?          ?"), text.out());
        assertEquals(Set.of(Problem.Kind.CYCLE, Problem.Kind.INDEX_OUT_OF_RANGE), kinds(SharedMemory.inspect(name)));
    }

    @Test
    void linkBeyondTheCountIsAnError() throws Exception {
        String name = shm.name();
        ArenaLayout layout = ArenaLayout.of(4, 16);
        SlabArenas.shared(name, 4, 16).close();
        ShmFiles.putInt(name, layout.chunksOffset(0) + 16, 7);

        ArenaReport report = SharedMemory.inspect(name);

        assertEquals(Set.of(Problem.Kind.INDEX_OUT_OF_RANGE), kinds(report));
        assertTrue(report.problems().getFirst().message().contains("free chunk 1 linking to index 7"),
                report.problems().toString());
        assertTrue(report.hasErrors());
    }

    @Test
    void busyPoolOfADeadInitializerFreshPoolAndForeignMagicAreReported() throws Exception {
        String name = shm.name();
        ArenaLayout layout = ArenaLayout.of(4, 16, 32, 64);
        SlabArenas.shared(name, 4, 16, 32, 64).close();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ShmFiles.putLong(name, layout.poolOffset(0), PoolHeader.MAGIC_BUSY);
        ShmFiles.putLong(name, layout.poolOffset(0) + PoolHeader.INITIALIZER_PID_OFFSET, gone.pid());
        ShmFiles.putLong(name, layout.poolOffset(1), PoolHeader.MAGIC_FRESH);
        ShmFiles.putLong(name, layout.poolOffset(2), 0x1234L);

        Run text = run(name);
        ArenaReport report = SharedMemory.inspect(name);

        assertEquals(Main.ERRORS_FOUND, text.status(), text.out());
        assertEquals(Set.of(Problem.Kind.BUSY_DEAD_INITIALIZER, Problem.Kind.FRESH_POOL, Problem.Kind.FOREIGN_MAGIC),
                kinds(report));
        assertEquals(Liveness.DEAD, report.pools().get(0).initializer());
        assertEquals(List.of(MagicState.BUSY, MagicState.FRESH, MagicState.FOREIGN),
                report.pools().stream().map(p -> p.magic()).toList());
        assertTrue(text.out().contains("pid " + gone.pid() + " (dead)"), text.out());
        assertTrue(text.out().contains("magic 0x1234"), text.out());
    }

    @Test
    void missingNameIsAClearMessageWithItsOwnExitStatus() {
        Run missing = run("/ag-inspect-no-such-object-" + ProcessHandle.current().pid());

        assertEquals(Main.UNREADABLE, missing.status());
        assertTrue(missing.err().contains("cannot open shared object /ag-inspect-no-such-object-")
                && missing.err().contains("ENOENT") && missing.err().contains("ls -l /dev/shm"), missing.err());
        assertEquals("", missing.out());

        Run invalid = run("feed");
        assertEquals(Main.USAGE, invalid.status());
        assertTrue(invalid.err().contains("feed"), invalid.err());
    }

    @Test
    void jsonParsesAndCarriesTheNumbers() throws Exception {
        String name = shm.name();
        try (SlabAllocator arena = SlabArenas.shared(name, 8, 64, 256)) {
            arena.tryAllocateOffset(200);

            Run json = run(name, "--json");

            assertEquals(Main.OK, json.status(), json.err());
            JsonObject report = JsonParser.parseString(json.out()).getAsJsonObject();
            assertEquals(name, report.get("name").getAsString());
            assertEquals(8, report.get("count").getAsLong());
            assertEquals(2, report.getAsJsonArray("sizes").size());
            JsonArray pools = report.getAsJsonArray("pools");
            JsonObject pool1 = pools.get(1).getAsJsonObject();
            assertEquals(256, pool1.get("chunkSize").getAsLong());
            assertEquals(7, pool1.get("free").getAsLong());
            assertEquals(1, pool1.get("inUse").getAsLong());
            assertEquals("ready", pool1.get("state").getAsString());
            assertEquals("alive", pool1.get("initializer").getAsString());
            assertEquals(0, report.getAsJsonArray("problems").size());
            assertFalse(report.get("errors").getAsBoolean());
        }
    }

    @Test
    void jsonEscapesProblemMessages() throws Exception {
        String name = cppObject(ArenaLayout.of(4, 16));
        Run json = run(name, "--json", "--count", "4", "--sizes", "16");
        JsonObject problem = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("problems").get(0)
                .getAsJsonObject();
        assertEquals("mode", problem.get("kind").getAsString());
        assertTrue(problem.get("message").getAsString().contains("withPermissions(0644)"), problem.toString());
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", JsonFormat.string("a\"b\\c\n\u0001"));
    }

    @Test
    void watchReportsAgainUntilTheBoundAndSeesChanges() throws Exception {
        String name = shm.name();
        try (SlabAllocator arena = SlabArenas.shared(name, 8, 64)) {
            Thread allocator = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
                arena.tryAllocateOffset(64);
            });
            Run watch = run(name, "--json", "--watch", "0.1", "--refreshes", "5");
            allocator.join();

            assertEquals(Main.OK, watch.status(), watch.err());
            List<String> lines = watch.out().lines().toList();
            assertEquals(5, lines.size(), watch.out());
            long firstFree = JsonParser.parseString(lines.getFirst()).getAsJsonObject().getAsJsonArray("pools")
                    .get(0).getAsJsonObject().get("free").getAsLong();
            long lastFree = JsonParser.parseString(lines.getLast()).getAsJsonObject().getAsJsonArray("pools")
                    .get(0).getAsJsonObject().get("free").getAsLong();
            assertEquals(List.of(8L, 7L), List.of(firstFree, lastFree));
        }
    }

    @Test
    void badArgumentsNameTheArgumentAndTheFix() {
        assertEquals(Main.USAGE, run().status());
        Run countOnly = run("/x", "--count", "4");
        assertEquals(Main.USAGE, countOnly.status());
        assertTrue(countOnly.err().contains("--count given without --sizes"), countOnly.err());
        Run notANumber = run("/x", "--count", "four", "--sizes", "16");
        assertTrue(notANumber.err().contains("--count four is not a whole number"), notANumber.err());
        Run unknown = run("/x", "--verbose");
        assertTrue(unknown.err().contains("unknown option --verbose"), unknown.err());
        Run badRule = run("/x", "--count", "4", "--sizes", "100");
        assertEquals(Main.USAGE, badRule.status(), badRule.err());
        Run help = run("--help");
        assertEquals(Main.OK, help.status());
        assertTrue(help.out().startsWith("usage: arena-inspect NAME"), help.out());
    }
}

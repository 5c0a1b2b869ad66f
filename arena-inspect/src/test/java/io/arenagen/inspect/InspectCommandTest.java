package io.arenagen.inspect;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.inspect.Liveness;
import io.arenagen.runtime.inspect.MagicState;
import io.arenagen.runtime.inspect.Problem;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.LongRings;
import io.arenagen.runtime.queue.RingHeader;
import io.arenagen.runtime.queue.RingPolicy;

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
            assertTrue(text.out().contains("WARNING EXHAUSTED: pool 1 (256 B) is exhausted: all 8 chunks are in use"),
                    text.out());

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
            assertEquals(Set.of(Problem.Kind.EXHAUSTED), kinds(report), report.problems().toString());
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
        assertTrue(text.out().contains("ERROR CYCLE: pool 0: an arena opening the object refuses it: shared object "
                + name + ": pool 0 (its layout descriptor matches) has a free list that does not end"), text.out());
        assertTrue(text.out().contains("ERROR INDEX_OUT_OF_RANGE: pool 1: an arena opening the object refuses it: "
                + "shared object " + name + ": pool 1 (its layout descriptor matches) has head index 99, beyond count 4"),
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
        for (long word = 0; word < PoolHeader.CHUNKS_OFFSET; word += Long.BYTES) { // fresh: an all-zero header
            ShmFiles.putLong(name, layout.poolOffset(1) + word, 0);
        }
        ShmFiles.putLong(name, layout.poolOffset(2), 0x1234L);

        Run text = run(name, "--count", "4", "--sizes", "16,32,64"); // pool 1's descriptor is gone with its header
        ArenaReport report = SharedMemory.inspect(name, 4, 16, 32, 64);

        assertEquals(Main.ERRORS_FOUND, text.status(), text.out());
        assertEquals(Set.of(Problem.Kind.BUSY_DEAD_INITIALIZER, Problem.Kind.FRESH_POOL, Problem.Kind.FOREIGN_MAGIC),
                kinds(report));
        assertEquals(Liveness.DEAD, report.pools().get(0).initializer());
        assertEquals(List.of(MagicState.BUSY, MagicState.FRESH, MagicState.FOREIGN),
                report.pools().stream().map(p -> p.magic()).toList());
        assertTrue(text.out().contains("pid " + gone.pid() + " (dead)"), text.out());
        assertTrue(text.out().contains("magic 0x1234"), text.out());
        assertTrue(text.out().contains("WARNING BUSY_DEAD_INITIALIZER"), "an arena takes it over: " + text.out());
    }

    /** A C++ object of sizes [64, 128] read as [64, 256]. Before: exit 1 and an ERROR advising to remove it. */
    @Test
    void aConfigurationThatDoesNotFitACppObjectIsExitStatusTwo() throws Exception {
        String name = cppObject(ArenaLayout.of(8, 64, 128));

        Run wrong = run(name, "--count", "8", "--sizes", "64,256");

        assertEquals(Main.USAGE, wrong.status(), wrong.out());
        assertEquals("", wrong.out());
        assertTrue(wrong.err().contains("count=8, sizes=[64, 256] as given does not fit shared object " + name),
                wrong.err());
        assertFalse(wrong.err().contains("unlink"), wrong.err());
        assertEquals(Main.OK, run(name, "--count", "8", "--sizes", "64,128").status());
    }

    /** Before: java.lang.InternalError out of main, exit 1 ("errors found"). */
    @Test
    void anObjectThatShrinksWhileItIsReadHasItsOwnExitStatus() throws Exception {
        String name = shm.name();
        SlabArenas.shared(name, 4, 64).close();
        Run changed;
        io.arenagen.runtime.inspect.InspectorHook.truncateAfterMapping();
        try {
            changed = run(name);
        } finally {
            io.arenagen.runtime.inspect.InspectorHook.reset();
        }
        assertEquals(Main.CHANGED, changed.status(), changed.out());
        assertTrue(changed.err().contains("changed size while it was read: it was 4096 bytes when mapped and is 0 bytes "
                + "now"), changed.err());
        assertTrue(changed.err().contains("inspect it again"), changed.err());
    }

    @Test
    void watchStopsWhenItsOutputIsClosed() {
        String name = shm.name();
        SlabArenas.shared(name, 4, 64).close();
        int[] writes = new int[1];
        PrintStream closed = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }
        }, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[] {name, "--watch", "0.01", "--refreshes", "100000"}, closed,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(Main.OK, status);
        assertEquals(1, writes[0], "one failed write, then the watch stopped");
    }

    @Test
    void unlinkRemovesAnObjectNoProcessMapsAfterReportingIt() throws Exception {
        String name = shm.name();
        SlabArenas.shared(name, 4, 64).close();

        Run unlink = run(name, "--json", "--unlink");

        assertEquals(Main.OK, unlink.status(), unlink.err());
        assertEquals(name, JsonParser.parseString(unlink.out()).getAsJsonObject().get("name").getAsString());
        assertTrue(unlink.err().contains("arena-inspect: removed " + name + "; no process maps it"), unlink.err());
        assertFalse(Files.exists(ShmFiles.file(name)));

        Run again = run(name, "--unlink");
        assertEquals(Main.UNREADABLE, again.status());
        assertTrue(again.err().contains("nothing removed: there is no shared object " + name), again.err());
    }

    @Test
    void unlinkIsRefusedWhileAProcessMapsTheObjectUnlessForced() throws Exception {
        String name = shm.name();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 64)) {
            Run refused = run(name, "--unlink");

            assertEquals(Main.STILL_MAPPED, refused.status(), refused.err());
            assertTrue(refused.out().contains("configuration: count=4, sizes=[64]"), "reported first: " + refused.out());
            assertTrue(refused.err().contains("not removing " + name + ": process " + ProcessHandle.current().pid()
                    + " still maps it, as /proc/PID/maps shows"), refused.err());
            assertTrue(refused.err().contains("add --force"), refused.err());
            assertTrue(Files.exists(ShmFiles.file(name)));

            Run forced = run(name, "--unlink", "--force");

            assertEquals(Main.OK, forced.status(), forced.err());
            assertTrue(forced.err().contains("removed " + name + "; processes [" + ProcessHandle.current().pid()
                    + "] still map the removed object (--force)."), forced.err());
            assertFalse(Files.exists(ShmFiles.file(name)));
            assertTrue(arena.tryAllocateOffset(64) >= 0, "the arena keeps its mapping");
        }
    }

    @Test
    void unlinkRemovesAnObjectThatCannotBeReported() throws Exception {
        String name = shm.name();
        ShmFiles.create(name, PAGE, "rw-------"); // zeros: no descriptor, and no configuration given

        Run unlink = run(name, "--unlink");

        assertEquals(Main.OK, unlink.status(), unlink.err());
        assertTrue(unlink.err().contains("carries no layout descriptor") && unlink.err().contains("removed " + name),
                unlink.err());
        assertFalse(Files.exists(ShmFiles.file(name)));
    }

    @Test
    void processMapsMatchTheObjectsInodeAndPathAndCountWhatCannotBeRead() throws Exception {
        java.nio.file.Path proc = Files.createTempDirectory("proc");
        try {
            java.nio.file.Path file = ShmFiles.file("/feed");
            Files.createDirectories(proc.resolve("12"));
            Files.writeString(proc.resolve("12/maps"), "7f00-7f01 r--s 00000000 00:1a 4242 /dev/shm/feed\n");
            Files.createDirectories(proc.resolve("7"));
            Files.writeString(proc.resolve("7/maps"), "7f00-7f01 rw-s 00000000 00:1a 4242 /dev/shm/feed\n"
                    + "7f02-7f03 r-xp 00000000 08:01 99 /usr/lib/libc.so.6\n");
            Files.createDirectories(proc.resolve("13"));
            Files.writeString(proc.resolve("13/maps"), "7f00-7f01 rw-s 00000000 00:1a 4141 /dev/shm/feed (deleted)\n"
                    + "7f00-7f01 rw-s 00000000 00:1a 4242 /dev/shm/feedback\n");
            Files.createDirectories(proc.resolve("14/maps")); // unreadable as a file, as another user's maps are
            Files.createDirectories(proc.resolve("15")); // ended: no maps any more
            Files.createDirectories(proc.resolve("self"));
            Files.writeString(proc.resolve("self/maps"), "7f00-7f01 rw-s 00000000 00:1a 4242 /dev/shm/feed\n");

            assertEquals(new ProcessMaps(List.of(7L, 12L), 1), ProcessMaps.of(proc, file, 4242));
            assertFalse(ProcessMaps.maps("7f00-7f01 rw-s 00000000 00:1a 4242", "/dev/shm/feed", 4242));
        } finally {
            try (var walk = Files.walk(proc)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void unlinkSaysWhenSomeMapsCouldNotBeRead() throws Exception {
        String name = shm.name();
        SlabArenas.shared(name, 4, 64).close();
        java.nio.file.Path proc = Files.createTempDirectory("proc");
        try {
            Files.createDirectories(proc.resolve("14/maps"));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.run(new String[] {name, "--unlink"}, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), proc);
            assertEquals(Main.OK, status);
            assertTrue(err.toString(StandardCharsets.UTF_8).endsWith("removed " + name + "; no process maps it, as far as "
                    + "/proc/PID/maps shows. The maps of 1 other process could not be read (other users' processes need "
                    + "root), so it may map it too.\n"), err.toString());
        } finally {
            Files.delete(proc.resolve("14/maps"));
            Files.delete(proc.resolve("14"));
            Files.delete(proc);
        }
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
    void chunksHeldByADeadHandleAreAWarningAndReclaimGivesThemBack() throws Exception {
        String name = shm.name();
        SlabAllocator closed = SlabArenas.shared(name, ShmOptions.defaults().withReclamation(), 8, 64, 256);
        for (int i = 0; i < 3; i++) {
            assertTrue(closed.tryAllocateOffset(256) >= 0);
        }
        closed.close(); // its slot stays recorded, its lock is gone: dead, as a killed process's

        Run warned = run(name);
        assertEquals(Main.OK, warned.status(), warned.err());
        assertTrue(warned.out().contains("owners " + name + ".owners: 1 slots in use, 3 chunks held by dead processes"),
                warned.out());
        assertTrue(warned.out().contains("WARNING HELD_BY_DEAD: 3 chunks are held by dead process slot 1"), warned.out());
        assertTrue(warned.out().contains(name + " --reclaim"), "the warning says how to reclaim: " + warned.out());

        JsonObject json = JsonParser.parseString(run(name, "--json").out()).getAsJsonObject();
        JsonObject owners = json.getAsJsonObject("owners");
        assertEquals(3, owners.get("heldByDead").getAsLong());
        JsonObject slot = owners.getAsJsonArray("slots").get(0).getAsJsonObject();
        assertFalse(slot.get("alive").getAsBoolean());
        assertEquals(ProcessHandle.current().pid(), slot.get("pid").getAsLong());
        assertEquals(3, slot.get("chunks").getAsLong());

        Run reclaimed = run(name, "--reclaim");
        assertEquals(Main.OK, reclaimed.status(), reclaimed.err());
        assertTrue(reclaimed.err().contains("reclaimed 3 chunks of dead processes into " + name), reclaimed.err());
        assertTrue(reclaimed.out().contains("0 slots in use, 0 chunks held by dead processes"), reclaimed.out());
        assertTrue(reclaimed.out().contains("problems: none"), reclaimed.out());
        ArenaReport after = SharedMemory.inspect(name);
        assertEquals(8, after.pools().get(1).stats().free());
    }

    @Test
    void reclaimWithoutACompanionReclaimsNothingAndSaysWhy() throws Exception {
        String name = shm.name();
        try (SlabAllocator arena = SlabArenas.shared(name, 8, 64)) {
            assertFalse(arena.reclamation());
            Run run = run(name, "--reclaim");
            assertEquals(Main.RECLAIM_FAILED, run.status());
            assertTrue(run.err().startsWith("arena-inspect: nothing reclaimed: cannot open shared object " + name
                    + ".owners"), run.err());
            assertEquals(Main.USAGE, run(name, "--reclaim", "--unlink").status());
        }
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
        Run unlinkWatch = run("/x", "--unlink", "--watch");
        assertEquals(Main.USAGE, unlinkWatch.status());
        assertTrue(unlinkWatch.err().contains("--unlink and --watch exclude each other"), unlinkWatch.err());
        Run force = run("/x", "--force");
        assertEquals(Main.USAGE, force.status());
        assertTrue(force.err().contains("--force only applies to --unlink"), force.err());
        Run invalidUnlink = run("feed", "--unlink");
        assertEquals(Main.USAGE, invalidUnlink.status());
        Run help = run("--help");
        assertEquals(Main.OK, help.status());
        assertTrue(help.out().startsWith("usage: arena-inspect NAME"), help.out());
        for (String documented : List.of("fromDescriptor", "settled", "counted", "initializerPidNamespace",
                "exhaustions", "ARENA_INSPECT_JAR", "~/.m2/repository/io/arenagen/arena-inspect/", "--unlink",
                "5 not removed: processes still map it", "4 the object changed size")) {
            assertTrue(help.out().contains(documented), "--help explains " + documented);
        }
    }

    @Test
    void liveQueueIsRecognisedByItsDescriptorAndReportedAsText() throws Exception {
        String name = shm.name();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPSC, 16)) {
            for (long i = 0; i < 3; i++) {
                assertTrue(ring.offer(i));
            }
            byte[] before = Files.readAllBytes(ShmFiles.file(name));

            Run text = run(name);

            assertEquals(Main.OK, text.status(), text.err());
            assertTrue(text.out().startsWith("queue " + name + ": "), text.out());
            assertTrue(text.out().contains("configuration: MPSC, capacity=16, element=8 B, slots of 64 B"), text.out());
            assertTrue(text.out().contains("pending 3 of 16 (head 3, tail 0)"), text.out());
            assertTrue(text.out().contains("fulls 0, stalls 0, skipped 0, stalled slot none"), text.out());
            assertTrue(text.out().contains("pid " + ProcessHandle.current().pid() + " (alive)"), text.out());
            assertTrue(text.out().contains("problems: none"), text.out());
            assertArrayEquals(before, Files.readAllBytes(ShmFiles.file(name)), "nothing written");
        }
    }

    @Test
    void stalledQueueSlotIsAWarningWithExitStatusZeroAndCraftedPositionsAreAnError() throws Exception {
        String name = shm.name();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPMC, 8)) {
            assertTrue(ring.offer(1));
            assertEquals(1, ring.poll(-1));
            // A producer that claimed position 1 (moved head) and died before publishing its slot.
            ShmFiles.putLong(name, RingHeader.HEAD_OFFSET, 2);

            Run stalled = run(name);

            assertEquals(Main.OK, stalled.status(), stalled.err());
            assertTrue(stalled.out().contains("stalled slot at position 1"), stalled.out());
            assertTrue(stalled.out().contains("WARNING STALLED_SLOT: position 1 (slot 1)"), stalled.out());
            assertTrue(stalled.out().contains("LongRing.skipStalled(1)"), stalled.out());

            ShmFiles.putLong(name, RingHeader.HEAD_OFFSET, 1000);
            Run crafted = run(name, "--json");

            assertEquals(Main.ERRORS_FOUND, crafted.status(), crafted.err());
            JsonObject report = JsonParser.parseString(crafted.out()).getAsJsonObject();
            assertEquals(8, report.get("pending").getAsLong(), "bounded by the capacity");
            assertEquals(-1, report.get("stalledPosition").getAsLong());
            assertEquals("positions_out_of_range",
                    report.getAsJsonArray("problems").get(0).getAsJsonObject().get("kind").getAsString());
            assertTrue(report.get("errors").getAsBoolean());
        }
    }

    @Test
    void queueJsonCarriesItsFields() throws Exception {
        String name = shm.name();
        try (LongRing ring = LongRings.shared(name, RingPolicy.SPSC, 4)) {
            for (long i = 0; i < 4; i++) {
                assertTrue(ring.offer(i));
            }
            assertFalse(ring.offer(9));
            assertEquals(0, ring.poll(-1));

            Run json = run(name, "--json");

            assertEquals(Main.OK, json.status(), json.err());
            JsonObject report = JsonParser.parseString(json.out()).getAsJsonObject();
            assertEquals("queue", report.get("kind").getAsString());
            assertEquals(name, report.get("name").getAsString());
            assertEquals("spsc", report.get("policy").getAsString());
            assertEquals(4, report.get("capacity").getAsLong());
            assertEquals(8, report.get("elementSize").getAsLong());
            assertEquals(8, report.get("slotSize").getAsLong());
            assertEquals("ready", report.get("state").getAsString());
            assertEquals(4, report.get("head").getAsLong());
            assertEquals(1, report.get("tail").getAsLong());
            assertEquals(3, report.get("pending").getAsLong());
            assertEquals(1, report.get("fulls").getAsLong());
            assertEquals(0, report.get("stalls").getAsLong());
            assertEquals(0, report.get("skipped").getAsLong());
            assertEquals(-1, report.get("stalledPosition").getAsLong());
            assertEquals(ProcessHandle.current().pid(), report.get("initializerPid").getAsLong());
            assertEquals("alive", report.get("initializer").getAsString());
            assertEquals(0, report.getAsJsonArray("problems").size());
            assertFalse(report.get("errors").getAsBoolean());
        }
    }

    @Test
    void queueGivenAnArenaConfigurationIsExitStatusTwo() {
        String name = shm.name();
        try (LongRing ring = LongRings.shared(name, RingPolicy.MPSC, 8)) {
            assertTrue(ring.offer(1));
            Run run = run(name, "--count", "8", "--sizes", "64");

            assertEquals(Main.USAGE, run.status());
            assertTrue(run.err().contains("is a queue"), run.err());
        }
    }

    @Test
    void cppQueueWithoutDescriptorIsReadWithDashDashQueue() throws Exception {
        String name = shm.name();
        try (LongRing ring = LongRings.shared(name, RingPolicy.SPSC, 8)) {
            assertTrue(ring.offer(1));
            for (long offset = RingHeader.TAG_OFFSET; offset < RingHeader.HEAD_OFFSET; offset += Long.BYTES) {
                ShmFiles.putLong(name, offset, 0); // as the C++ library leaves QueueSync's padding
            }

            Run without = run(name);
            assertEquals(Main.USAGE, without.status());
            assertTrue(without.err().contains("--queue POLICY,CAPACITY"), without.err());

            Run with = run(name, "--queue", "spsc,8");
            assertEquals(Main.OK, with.status(), with.err());
            assertTrue(with.out().contains("SPSC, capacity=8, element=8 B, slots of 8 B (given; no queue descriptor)"),
                    with.out());
            assertTrue(with.out().contains("pending 1 of 8"), with.out());

            Run wrong = run(name, "--queue", "mpsc,1024");
            assertEquals(Main.USAGE, wrong.status());
            assertTrue(wrong.err().contains("give the policy and capacity it was created with"), wrong.err());
        }
    }

    @Test
    void badQueueOptionNamesTheValueAndTheFix() {
        Run policy = run("/q", "--queue", "fifo,8");
        assertEquals(Main.USAGE, policy.status());
        assertTrue(policy.err().contains("--queue fifo,8 is not POLICY,CAPACITY"), policy.err());
        Run capacity = run("/q", "--queue", "mpsc,1000");
        assertEquals(Main.USAGE, capacity.status());
        assertTrue(capacity.err().contains("--queue mpsc,1000: "), capacity.err());
        Run both = run("/q", "--queue", "mpsc,8", "--count", "8", "--sizes", "64");
        assertEquals(Main.USAGE, both.status());
        assertTrue(both.err().contains("exclude each other"), both.err());
    }
}

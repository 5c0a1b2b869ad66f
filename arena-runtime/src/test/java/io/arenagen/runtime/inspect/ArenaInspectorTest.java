package io.arenagen.runtime.inspect;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.memory.ReadOnlyMapping;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SharedMemory#inspect} on real shared objects: what it reports, what it refuses, and that it never
 * writes. The command's formatting is tested in the arena-inspect module.
 */
@Timeout(30)
class ArenaInspectorTest {

    private final UniqueShmNames names = new UniqueShmNames("inspector");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    private static void putLong(String name, long offset, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(UniqueShmNames.file(name), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }

    private static Set<Problem.Kind> kinds(ArenaReport report) {
        return report.problems().stream().map(Problem::kind).collect(Collectors.toSet());
    }

    @Test
    void mappingIsReadOnlyAndLeavesTheBytesAsTheyWere() throws Exception {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16)) {
            arena.tryAllocateOffset(16);
            byte[] before = Files.readAllBytes(UniqueShmNames.file(name));
            try (ReadOnlyMapping mapping = ReadOnlyMapping.open(name)) {
                assertTrue(mapping.segment().isReadOnly());
                assertThrows(IllegalArgumentException.class, () -> mapping.segment().set(
                        java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1));
                assertEquals(Libc.geteuid(), mapping.status().uid());
                assertEquals(0600, mapping.status().mode());
            }
            ArenaReport report = SharedMemory.inspect(name);
            assertArrayEquals(before, Files.readAllBytes(UniqueShmNames.file(name)));
            assertEquals(List.of(3L, 1L, 1L), List.of(report.pools().getFirst().stats().free(),
                    report.pools().getFirst().stats().inUse(), report.pools().getFirst().stats().operations()));
            assertTrue(report.pools().getFirst().settled());
            assertFalse(report.hasErrors());
        }
    }

    @Test
    void givenConfigurationMustEqualTheDescriptor() {
        String name = names.next();
        SlabArenas.shared(name, 4, 16, 32).close();

        assertEquals(ArenaLayout.of(4, 16, 32), SharedMemory.inspect(name, 4, 16, 32).layout());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.inspect(name, 4, 16, 64));
        assertTrue(e.getMessage().contains("was created with count=4, sizes=[16, 32], not count=4, sizes=[16, 64]"),
                e.getMessage());
    }

    @Test
    void resizedObjectWithADescriptorIsASizeMismatch() throws Exception {
        String name = names.next();
        SlabArenas.shared(name, 4, 16).close();
        try (FileChannel channel = FileChannel.open(UniqueShmNames.file(name), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(1), 2 * Libc.pageSize() - 1); // now two pages
        }

        ArenaReport report = SharedMemory.inspect(name);

        assertEquals(Set.of(Problem.Kind.SIZE_MISMATCH), kinds(report));
        assertTrue(report.hasErrors());
    }

    @Test
    void busyPoolOfALiveOrUnprobeableInitializerIsOnlyAWarning() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(4, 16, 32);
        SlabArenas.shared(name, 4, 16, 32).close();
        putLong(name, layout.poolOffset(0), PoolHeader.MAGIC_BUSY); // pid word: this process, alive
        putLong(name, layout.poolOffset(1), PoolHeader.MAGIC_BUSY);
        putLong(name, layout.poolOffset(1) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET, 12345); // elsewhere

        ArenaReport report = SharedMemory.inspect(name);

        assertEquals(List.of(Liveness.ALIVE, Liveness.OTHER_NAMESPACE),
                report.pools().stream().map(PoolReport::initializer).toList());
        assertEquals(Set.of(Problem.Kind.BUSY), kinds(report));
        assertFalse(report.hasErrors(), report.problems().toString());
        assertTrue(report.problems().getFirst().message().contains("being initialized by pid "
                + ProcessHandle.current().pid() + " (alive)"), report.problems().toString());
        assertTrue(report.problems().get(1).message().contains("(in another pid namespace, cannot be probed from here)"),
                report.problems().toString());

        putLong(name, layout.poolOffset(1) + PoolHeader.INITIALIZER_PID_OFFSET, 0);
        Problem unrecorded = SharedMemory.inspect(name).problems().get(1);
        assertTrue(unrecorded.message().contains("being initialized by no recorded pid (not recorded)"),
                unrecorded.message());
    }

    @Test
    void errorsComeFirstAndOwnerAndModeAreReported() throws Exception {
        String name = names.next();
        ArenaLayout layout = ArenaLayout.of(4, 16, 32);
        SlabArenas.shared(name, 4, 16, 32).close();
        Files.setPosixFilePermissions(UniqueShmNames.file(name), PosixFilePermissions.fromString("rw-rw----"));
        putLong(name, layout.poolOffset(1), 7);

        ArenaReport report = SharedMemory.inspect(name);

        assertEquals(List.of(Problem.Kind.FOREIGN_MAGIC, Problem.Kind.MODE),
                report.problems().stream().map(Problem::kind).toList());
        assertEquals(0660, report.mode());
        assertTrue(report.problems().get(1).message().contains("withPermissions(0660)"), report.problems().toString());
    }

    @Test
    void objectWithoutDescriptorNeedsAConfigurationThatFitsItsSize() throws Exception {
        String name = names.next();
        Files.createFile(UniqueShmNames.file(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        putLong(name, Libc.pageSize() - 8, 0); // one page of zeros: no descriptor, pool 0 fresh

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> SharedMemory.inspect(name));
        assertTrue(none.getMessage().contains("carries no layout descriptor"), none.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.inspect(name, 1024, 64));
        assertTrue(tooBig.getMessage().contains("is " + Libc.pageSize() + " bytes, but count=1024, sizes=[64] needs"),
                tooBig.getMessage());
        ArenaReport fresh = SharedMemory.inspect(name, 4, 16);
        assertEquals(MagicState.FRESH, fresh.pools().getFirst().magic());
        assertEquals(Liveness.NOT_RECORDED, fresh.pools().getFirst().initializer());
        assertEquals(Set.of(Problem.Kind.FRESH_POOL), kinds(fresh));
    }

    @Test
    void emptyAndMissingObjectsAreArenaExceptionsThatSaySo() throws Exception {
        String empty = names.next();
        Files.createFile(UniqueShmNames.file(empty));
        ArenaException e = assertThrows(ArenaException.class, () -> SharedMemory.inspect(empty));
        assertTrue(e.getMessage().contains("is empty (0 bytes)"), e.getMessage());

        ArenaException missing = assertThrows(ArenaException.class, () -> SharedMemory.inspect(names.next()));
        assertTrue(missing.getMessage().contains("ENOENT"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.inspect("no-slash"));
    }

    @Test
    void magicWordsAndLivenessClassify() {
        assertEquals(List.of(MagicState.FRESH, MagicState.BUSY, MagicState.READY, MagicState.FOREIGN),
                List.of(MagicState.of(0), MagicState.of(-1), MagicState.of(PoolHeader.MAGIC_READY), MagicState.of(1)));
        assertEquals(Liveness.NOT_RECORDED, Liveness.of(0, 0));
        assertEquals(Liveness.OTHER_NAMESPACE, Liveness.of(ProcessHandle.current().pid(), 0));
    }

    private static ArenaLayout threePools() {
        return ArenaLayout.of(8, 64, 256);
    }

    @Test
    void theOldLayoutIsRefusedInEveryPoolAndNeverWalked() throws Exception {
        String name = names.next();
        InspectorJudgesAsArenasTest.version1(name, UniqueShmNames.file(name));

        ArenaReport report = SharedMemory.inspect(name);

        assertTrue(report.fromDescriptor());
        assertEquals(List.of(Problem.Kind.LAYOUT_VERSION, Problem.Kind.LAYOUT_VERSION),
                report.problems().stream().map(Problem::kind).toList());
        assertTrue(report.problems().getFirst().message().contains("chunks start 128 bytes into each pool"),
                report.problems().toString());
        assertTrue(report.problems().stream().allMatch(p -> p.severity() == Problem.Severity.ERROR));
        assertEquals(List.of(false, false), report.pools().stream().map(PoolReport::counted).toList());
        assertEquals(List.of(0L, 0L), report.pools().stream().map(p -> p.stats().free()).toList());
    }

    @Test
    void aDescriptorThatDescribesNoConfigurationSaysWhichVersionItIs() throws Exception {
        String future = names.next();
        Path file = UniqueShmNames.file(future);
        InspectorJudgesAsArenasTest.zeros(future);
        InspectorJudgesAsArenasTest.putLong(file, 0, PoolHeader.MAGIC_READY);
        InspectorJudgesAsArenasTest.putInt(file, PoolHeader.TAG_OFFSET, PoolHeader.DESCRIPTOR_TAG);
        InspectorJudgesAsArenasTest.putInt(file, PoolHeader.VERSION_OFFSET, 3);
        ArenaException e = assertThrows(ArenaException.class, () -> SharedMemory.inspect(future));
        assertTrue(e.getMessage().contains("carries arenagen's layout descriptor (version 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("this arenagen reads version 2, and every arena of it refuses"),
                e.getMessage());

        String damaged = names.next();
        SlabArenas.shared(damaged, 8, 64, 256).close();
        InspectorJudgesAsArenasTest.putInt(UniqueShmNames.file(damaged),
                threePools().poolOffset(1) + PoolHeader.POOL_INDEX_OFFSET, 5);
        ArenaException disagree = assertThrows(ArenaException.class, () -> SharedMemory.inspect(damaged));
        assertTrue(disagree.getMessage().contains("(version 2)") && disagree.getMessage().contains(
                "they disagree with each other, so it is damaged"), disagree.getMessage());
        ArenaReport given = SharedMemory.inspect(damaged, 8, 64, 256);
        assertEquals(Set.of(Problem.Kind.DESCRIPTOR_MISMATCH), kinds(given));
        assertEquals(1, given.problems().getFirst().pool());
    }

    @Test
    void theTagAndVersionOfASixteenByteObjectAreRead() throws Exception {
        String name = names.next();
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(8, PoolHeader.DESCRIPTOR_TAG).putInt(12, 3);
        Files.write(UniqueShmNames.file(name), bytes.array());
        ArenaException e = assertThrows(ArenaException.class, () -> SharedMemory.inspect(name));
        assertTrue(e.getMessage().contains("(version 3)"), e.getMessage());
    }

    @Test
    void anObjectSmallerThanAHeaderHasNoDescriptor() throws Exception {
        String name = names.next();
        Files.write(UniqueShmNames.file(name), new byte[10]);
        Files.setPosixFilePermissions(UniqueShmNames.file(name), PosixFilePermissions.fromString("rw-------"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.inspect(name));
        assertTrue(e.getMessage().contains("(10 bytes) carries no layout descriptor"), e.getMessage());
    }

    @Test
    void aHealthyCppObjectIsReportedFromTheGivenConfiguration() throws Exception {
        String name = names.next();
        InspectorJudgesAsArenasTest.cpp(name, UniqueShmNames.file(name), threePools());

        ArenaReport report = SharedMemory.inspect(name, 8, 64, 256);

        assertFalse(report.fromDescriptor());
        assertEquals(List.of(), report.problems());
        assertEquals(List.of(true, true), report.pools().stream().map(PoolReport::counted).toList());
        assertEquals(List.of(8L, 8L), report.pools().stream().map(p -> p.stats().free()).toList());
    }

    /** Before: an INDEX_OUT_OF_RANGE error of a healthy object, advising to remove it. */
    @Test
    void aWrongSizesForACppObjectIsAConfigurationThatDoesNotFitNeverAdviceToRemoveIt() throws Exception {
        String name = names.next();
        InspectorJudgesAsArenasTest.cpp(name, UniqueShmNames.file(name), ArenaLayout.of(8, 64, 128));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedMemory.inspect(name, 8, 64, 256));

        String message = e.getMessage();
        assertTrue(message.startsWith("count=8, sizes=[64, 256] as given does not fit shared object " + name
                + ": pool 1 (no layout descriptor, as created by the C++ library) has a free list that does not end"), message);
        assertTrue(message.contains("Most likely it was created with another count or sizes"), message);
        assertTrue(message.contains("the object cannot tell the two apart"), message);
        assertFalse(message.contains("unlink"), message);
        assertEquals(ArenaLayout.of(8, 64, 128), SharedMemory.inspect(name, 8, 64, 128).layout());
    }

    /** Before: a FRESH_POOL warning that the next process would initialize pool 1, untrue for a C++ object. */
    @Test
    void aCppPoolThatIsNotReadyIsAnErrorThatSaysWhatCannotBeTold() throws Exception {
        String name = names.next();
        InspectorJudgesAsArenasTest.cpp(name, UniqueShmNames.file(name), ArenaLayout.of(4, 64, 256));

        ArenaReport report = SharedMemory.inspect(name, 8, 64, 256);

        assertEquals(List.of(Problem.Kind.CPP_POOL_NOT_READY), report.problems().stream().map(Problem::kind).toList());
        Problem problem = report.problems().getFirst();
        assertEquals(Problem.Severity.ERROR, problem.severity());
        assertEquals(1, problem.pool());
        assertTrue(problem.message().contains("pool 1 is not initialized, but pool 0 was initialized by the C++ "
                + "library"), problem.message());
        assertTrue(problem.message().contains("The bytes cannot tell whether the C++ creator is still at work"),
                problem.message());
        assertFalse(problem.message().contains("the next"), problem.message());

        InspectorJudgesAsArenasTest.putLong(UniqueShmNames.file(name), threePools().poolOffset(1), PoolHeader.MAGIC_BUSY);
        Problem busy = SharedMemory.inspect(name, 8, 64, 256).problems().getFirst();
        assertEquals(Problem.Kind.CPP_POOL_NOT_READY, busy.kind());
        assertTrue(busy.message().startsWith("pool 1 is being initialized, but"), busy.message());
    }

    @Test
    void aForeignDescriptorInALaterPoolIsAnErrorWhenTheConfigurationIsGiven() throws Exception {
        String name = names.next();
        SlabArenas.shared(name, 8, 64, 256).close();
        InspectorJudgesAsArenasTest.putInt(UniqueShmNames.file(name), threePools().poolOffset(1) + PoolHeader.TAG_OFFSET,
                0x12345678);

        ArenaReport report = SharedMemory.inspect(name, 8, 64, 256);

        assertFalse(report.fromDescriptor());
        assertEquals(List.of(Problem.Kind.FOREIGN_DESCRIPTOR), report.problems().stream().map(Problem::kind).toList());
        assertTrue(report.problems().getFirst().message().startsWith("pool 1: an arena opening the object refuses "
                + "it: shared object " + name + ": pool 1 is marked ready but its layout descriptor tag is 0x12345678"),
                report.problems().getFirst().message());
        assertEquals(List.of(true, false), report.pools().stream().map(PoolReport::counted).toList());
    }

    @Test
    void aBrokenListIsTheArenasRefusalOfItsKind() throws Exception {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, 8, 64, 256)) {
            arena.deallocateOffset(arena.allocateOffset(256));
        }
        Path file = UniqueShmNames.file(name);
        InspectorJudgesAsArenasTest.putInt(file, threePools().chunksOffset(0) + 5 * 64, 2);
        InspectorJudgesAsArenasTest.putInt(file, threePools().chunksOffset(1) + 4 * 256, 1000);

        ArenaReport report = SharedMemory.inspect(name);

        assertEquals(List.of(Problem.Kind.CYCLE, Problem.Kind.INDEX_OUT_OF_RANGE),
                report.problems().stream().map(Problem::kind).toList());
        assertTrue(report.problems().get(1).message().contains("free chunk 4 linking to index 1000, beyond count 8"),
                report.problems().toString());
        assertEquals(List.of(0L, 2L), report.pools().stream().map(p -> p.stats().operations()).toList());
    }

    /** Before: "problems: none". */
    @Test
    void anExhaustedPoolIsAWarningThatSaysWhatItMeans() throws Exception {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16, 32)) {
            for (int i = 0; i < 4; i++) {
                arena.allocateOffset(16);
            }
            assertEquals(-1, arena.tryAllocateOffset(16));
            ArenaReport live = SharedMemory.inspect(name);
            assertEquals(List.of(Problem.Kind.EXHAUSTED), live.problems().stream().map(Problem::kind).toList());
            Problem problem = live.problems().getFirst();
            assertEquals(Problem.Severity.WARNING, problem.severity());
            assertEquals(0, problem.pool());
            assertTrue(problem.message().startsWith("pool 0 (16 B) is exhausted: all 4 chunks are in use"), problem.message());
            assertTrue(problem.message().contains("(1 request found it empty so far)"), problem.message());
            assertTrue(problem.message().contains("cannot tell chunks held by running processes from chunks leaked"),
                    problem.message());
            assertFalse(problem.message().contains("--unlink"), "its initializer is alive: " + problem.message());
        }
        putLong(name, PoolHeader.INITIALIZER_PID_OFFSET, InspectorJudgesAsArenasTest.deadPid());

        Problem dead = SharedMemory.inspect(name).problems().getFirst();
        assertTrue(dead.message().contains("(1 request found it empty so far)"), dead.message());

        assertTrue(dead.message().contains("its initializer (pid ") && dead.message().contains(") is dead, so if no "
                + "process uses the arena any more, the chunks are leaked"), dead.message());
        assertTrue(dead.message().contains("--unlink"), dead.message());
    }

    @Test
    void aBusyPoolOfADeadInitializerIsAWarningAsAnArenaTakesItOver() throws Exception {
        String name = names.next();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16)) {
            arena.allocateOffset(16);
        }
        putLong(name, PoolHeader.MAGIC_OFFSET, PoolHeader.MAGIC_BUSY);
        putLong(name, PoolHeader.INITIALIZER_PID_OFFSET, InspectorJudgesAsArenasTest.deadPid());

        ArenaReport report = SharedMemory.inspect(name);

        assertEquals(1, report.pools().getFirst().stats().operations(), "the head's generation, busy or not");
        assertFalse(report.pools().getFirst().counted());

        assertEquals(List.of(Problem.Kind.BUSY_DEAD_INITIALIZER), report.problems().stream().map(Problem::kind).toList());
        assertFalse(report.hasErrors());
        assertTrue(report.problems().getFirst().message().contains("the next arenagen process to open the arena takes "
                + "the pool over"), report.problems().toString());
    }

    /** Before: java.lang.InternalError (SIGBUS) out of inspect, exit 1 from the command. */
    @Test
    void anObjectThatShrinksWhileItIsReadIsReportedAsChanged() {
        String name = names.next();
        SlabArenas.shared(name, 4, 16).close();
        ObjectChangedException e = withHook(n -> truncate(n), () -> SharedMemory.inspect(name));
        assertTrue(e.getMessage().contains("shared object " + name + " changed size while it was read: it was "
                + Libc.pageSize() + " bytes when mapped and is 0 bytes now"), e.getMessage());
        assertTrue(e.getMessage().contains("(ftruncate)"), e.getMessage());
        assertTrue(e.getCause() instanceof InternalError, String.valueOf(e.getCause()));

        String removed = names.next();
        SlabArenas.shared(removed, 4, 16).close();
        ObjectChangedException gone = withHook(n -> {
            truncate(n);
            SharedMemory.unlink(n);
        }, () -> SharedMemory.inspect(removed));
        assertTrue(gone.getMessage().contains("and is gone now") && gone.getMessage().contains("truncated and removed it"),
                gone.getMessage());
    }

    @Test
    void aFaultThatIsNotAShrinkIsNotExplainedAway() {
        String name = names.next();
        SlabArenas.shared(name, 4, 16).close();
        InternalError other = new InternalError("something else");
        Consumer<String> previous = ArenaInspector.afterMapping;
        ArenaInspector.afterMapping = n -> {
            throw other;
        };
        try {
            assertSame(other, assertThrows(InternalError.class, () -> SharedMemory.inspect(name)));
        } finally {
            ArenaInspector.afterMapping = previous;
        }
    }

    private static ObjectChangedException withHook(Consumer<String> hook, Runnable inspect) {
        Consumer<String> previous = ArenaInspector.afterMapping;
        ArenaInspector.afterMapping = hook;
        try {
            return assertThrows(ObjectChangedException.class, inspect::run);
        } finally {
            ArenaInspector.afterMapping = previous;
        }
    }

    private static void truncate(String name) {
        try (FileChannel channel = FileChannel.open(UniqueShmNames.file(name), StandardOpenOption.WRITE)) {
            channel.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

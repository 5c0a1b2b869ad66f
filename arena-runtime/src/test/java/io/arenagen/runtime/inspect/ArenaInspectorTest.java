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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}

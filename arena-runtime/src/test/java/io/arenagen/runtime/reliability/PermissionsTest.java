package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Permission bits of created objects: owner-only by default, widened only on request, and applied
 * exactly, whatever the process umask (which {@code shm_open} alone would apply).
 */
@Timeout(30)
@SuppressWarnings("restricted") // umask(2) through FFM, to prove the requested bits survive any umask
class PermissionsTest {

    private static final MethodHandle UMASK = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("umask").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void defaultIsOwnerOnlyEvenUnderAPermissiveUmask() throws Throwable {
        String name = shm.name("default");
        assertEquals(0600, ShmOptions.defaults().permissions());
        assertEquals("rw-------", createUnder(0, name, ShmOptions.defaults()));
    }

    @Test
    void widenedPermissionsAreAppliedExactlyDespiteARestrictiveUmask() throws Throwable {
        String name = shm.name("group");
        assertEquals("rw-rw----", createUnder(077, name, ShmOptions.defaults().withPermissions(0660)));
    }

    @Test
    void everyoneCanBeLetInExplicitly() throws Throwable {
        String name = shm.name("world");
        assertEquals("rw-rw-rw-", createUnder(022, name, ShmOptions.defaults().withPermissions(0666)));
    }

    @Test
    void anOpenerDoesNotChangeTheCreatorsBits() throws Throwable {
        String name = shm.name("opener");
        try (SlabAllocator creator = SlabArenas.shared(name, ShmOptions.defaults().withPermissions(0640), 2, 16);
             SlabAllocator opener = SlabArenas.shared(name, ShmOptions.defaults().withPermissions(0666), 2, 16)) {
            assertEquals("rw-r-----", bits(name));
            assertEquals(creator.memory().byteSize(), opener.memory().byteSize());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 01000, 04600, 02600, 0400, 0200, 0, 0066})
    void invalidModesAreRejected(int mode) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShmOptions.defaults().withPermissions(mode));
        assertTrue(e.getMessage().contains("0600") || e.getMessage().contains("0777"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0600, 0640, 0660, 0700, 0777})
    void validModesAreKept(int mode) {
        assertEquals(mode, ShmOptions.defaults().withPermissions(mode).permissions());
    }

    private static String createUnder(int umask, String name, ShmOptions options) throws Throwable {
        int previous = (int) UMASK.invokeExact(umask);
        try (SlabAllocator arena = SlabArenas.shared(name, options, 2, 16)) {
            assertTrue(arena.allocateOffset(16) >= 0);
            return bits(name);
        } finally {
            int ignored = (int) UMASK.invokeExact(previous);
        }
    }

    private static String bits(String name) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(ShmFixture.file(name)));
    }
}

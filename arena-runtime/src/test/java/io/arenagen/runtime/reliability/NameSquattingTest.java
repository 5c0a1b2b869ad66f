package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whoever creates a name first owns the arena behind it: an attacher checks the existing object's
 * owner and permission bits and refuses an object of another user, or one that lets in more than the
 * attacher's own {@link ShmOptions#permissions()}, unless sharing across users was asked for.
 */
@Timeout(30)
class NameSquattingTest {

    private static final ArenaLayout LAYOUT = ArenaLayout.of(2, 16);

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void objectOfAnotherUserIsRefused() throws Exception {
        String name = squatted("squat");
        byte[] before = Files.readAllBytes(ShmFixture.file(name));
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 2, 16).close());
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("owned by uid 65534")
                && e.getMessage().contains("mode 0666") && e.getMessage().contains("withSharingAcrossUsers()")
                && e.getMessage().contains("unlink"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(ShmFixture.file(name)), "a refused object is left untouched");
    }

    @Test
    void objectOfAnotherUserIsRefusedEvenWithWidePermissions() throws Exception {
        String name = squatted("squat-wide");
        ShmOptions wide = ShmOptions.defaults().withPermissions(0666);
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, wide, 2, 16).close());
        assertTrue(e.getMessage().contains("owned by uid 65534"), e.getMessage());
    }

    @Test
    void sharingAcrossUsersOnPurposeAttaches() throws Exception {
        String name = squatted("shared-on-purpose");
        ShmOptions options = ShmOptions.defaults().withSharingAcrossUsers();
        assertTrue(options.sharingAcrossUsers() && !ShmOptions.defaults().sharingAcrossUsers());
        try (SlabAllocator arena = SlabArenas.shared(name, options, 2, 16)) {
            assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(16));
        }
    }

    @Test
    void ownObjectWiderThanRequestedIsRefusedWithTheModeToAskFor() throws Exception {
        String name = shm.name("own-wide");
        Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 2, 16).close());
        assertTrue(e.getMessage().contains("mode 0666") && e.getMessage().contains("0600")
                && e.getMessage().contains("withPermissions(0666)"), e.getMessage());
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withPermissions(0666), 2, 16)) {
            assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(16), "asking for 0666 opens it");
        }
    }

    @Test
    void cppCreatedObjectOpensWithItsMode() throws Exception {
        String name = shm.name("cpp-0644");
        Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, 2, 16).close());
        assertTrue(e.getMessage().contains("mode 0644") && e.getMessage().contains("C++")
                && e.getMessage().contains("withPermissions(0644)"), e.getMessage());
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withPermissions(0644), 2, 16)) {
            assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(16));
        }
    }

    @Test
    void ownObjectNarrowerThanRequestedIsAccepted() throws Exception {
        String name = shm.name("own-narrow");
        ShmFixture.create(name, ShmFixture.objectSize(LAYOUT)); // 0600
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withPermissions(0660), 2, 16)) {
            assertEquals(LAYOUT.chunksOffset(0), arena.allocateOffset(16));
        }
    }

    /** An object of the right size that uid 65534 created {@code 0666}, as a squatter would. */
    private String squatted(String tag) throws Exception {
        HostileHost.assumeRootWith("setpriv", "sh", "truncate");
        String name = shm.name(tag);
        HostileHost.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
                "umask 0 && truncate -s " + ShmFixture.objectSize(LAYOUT) + " " + ShmFixture.file(name)));
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(ShmFixture.file(name))),
                "premise: a 0666 object");
        assertEquals(65534, (int) Files.getAttribute(ShmFixture.file(name), "unix:uid"), "premise: owned by uid 65534");
        return name;
    }
}

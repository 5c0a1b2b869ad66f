package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ShmName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared-memory names: a leading {@code /}, no other {@code /}, no NUL, not just {@code /}, at most
 * 255 bytes in UTF-8. A broken rule is an {@link IllegalArgumentException} that names it, thrown
 * before any system call, from both opening and unlinking.
 */
@Timeout(30)
class ShmNameRulesTest {

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "feed        | does not start with '/'",
        "/           | nothing after the '/'",
        "/a/b        | '/' after the leading one",
        "//feed      | '/' after the leading one",
        "/a<NUL>b    | NUL",
        "<LONG>      | at most 255",
        "<UTF8LONG>  | at most 255",
    })
    void invalidNamesAreRejectedNamingTheRule(String spelled, String rule) {
        String name = spelled.replace("<NUL>", "\0")
                .replace("<LONG>", "/" + "x".repeat(255))
                .replace("<UTF8LONG>", "/" + "\u00e9".repeat(128));
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.shared(name, 1, 16).close());
        assertTrue(open.getMessage().contains(rule), open.getMessage());
        IllegalArgumentException unlink = assertThrows(IllegalArgumentException.class, () -> SharedMemory.unlink(name));
        assertEquals(open.getMessage(), unlink.getMessage());
    }

    /** The processor reports {@code ShmName.violation} on {@code @Arena(name = ...)}: the very message thrown at run time. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"feed", "/", "/a/b", "/.", "/.."})
    void violationIsTheMessageThatRequireValidThrows(String name) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> ShmName.requireValid(name));
        assertEquals(Optional.of(thrown.getMessage()), ShmName.violation(name));
    }

    @Test
    void validNameHasNoViolation() {
        assertEquals(Optional.empty(), ShmName.violation("/feed"));
        assertEquals(Optional.empty(), ShmName.violation("/" + "x".repeat(254)));
    }

    @Test
    void nullIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.shared(null, 1, 16).close());
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void longestNameIs255Bytes() {
        String name = shm.name("x");
        String longest = name + "x".repeat(255 - name.length());
        try {
            try (SlabAllocator arena = SlabArenas.shared(longest, 1, 16)) {
                assertTrue(arena.allocateOffset(16) >= 0);
            }
            assertTrue(Files.exists(ShmFixture.file(longest)));
        } finally {
            SharedMemory.unlink(longest);
        }
    }

    @Test
    void unlinkingAMissingNameIsNotAnError() {
        String name = shm.name("missing");
        SharedMemory.unlink(name);
        SharedMemory.unlink(name);
    }
}

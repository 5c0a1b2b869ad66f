package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.internal.Errno;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values at the edges of their types: an init timeout too long for nanoseconds, a negative or
 * malformed timeout property, a NUMA node far beyond the machine's.
 */
@Timeout(30)
class LimitsTest {

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
        System.clearProperty(ShmOptions.INIT_TIMEOUT_PROPERTY);
    }

    @Test
    void anEndlessInitTimeoutSaturatesAndOpens() {
        ShmOptions forever = ShmOptions.defaults().withInitTimeout(Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, forever.initTimeout().toNanos());
        assertEquals(forever.initTimeout(), ShmOptions.MAX_INIT_TIMEOUT);
        String name = shm.name("forever");
        try (SlabAllocator creator = SlabArenas.shared(name, forever, 2, 16);
             SlabAllocator opener = SlabArenas.shared(name, forever, 2, 16)) {
            assertTrue(creator.allocateOffset(16) >= 0 && opener.allocateOffset(16) >= 0);
        }
    }

    @Test
    void aTimeoutThatFitsIsKeptExactly() {
        Duration justFits = Duration.ofNanos(Long.MAX_VALUE - 1);
        assertEquals(justFits, ShmOptions.defaults().withInitTimeout(justFits).initTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "five", "", "9223372036854775808"})
    void aBadTimeoutPropertyIsRejectedByName(String value) {
        System.setProperty(ShmOptions.INIT_TIMEOUT_PROPERTY, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ShmOptions::defaults);
        assertTrue(e.getMessage().contains("-D" + ShmOptions.INIT_TIMEOUT_PROPERTY + "=" + value + " is"),
                e.getMessage());
    }

    @Test
    void aGoodTimeoutPropertyIsUsed() {
        System.setProperty(ShmOptions.INIT_TIMEOUT_PROPERTY, "1234");
        assertEquals(Duration.ofMillis(1234), ShmOptions.defaults().initTimeout());
        System.setProperty(ShmOptions.INIT_TIMEOUT_PROPERTY, "0");
        assertEquals(Duration.ZERO, ShmOptions.defaults().initTimeout());
    }

    @Test
    void aNodeBeyondTheMachinesIsRejectedBeforeAnyAllocation() throws Exception {
        Path possible = Path.of("/sys/devices/system/node/possible");
        String nodes = Files.exists(possible) ? Files.readString(possible).strip() : null;
        int highest = highest(nodes);
        try (SlabAllocator arena = SlabArenas.local(2, 16)) {
            for (int node : new int[] {Integer.MAX_VALUE, highest + 1}) {
                ArenaException e = assertThrows(ArenaException.class, () -> arena.mbind(node));
                assertEquals(Errno.EINVAL, e.errno());
                assertTrue(e.getMessage().contains("numaNode = " + node) && e.getMessage().contains("refused before "
                        + "the call") && e.getMessage().contains(nodes == null ? "unknown" : "possible nodes are "
                        + nodes), e.getMessage());
            }
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> arena.mbind(-1));
            assertTrue(negative.getMessage().contains("numaNode = -1"), negative.getMessage());
        }
    }

    private static int highest(String nodes) {
        if (nodes == null) {
            return 1023;
        }
        int highest = 0;
        for (String range : nodes.split(",")) {
            highest = Math.max(highest, Integer.parseInt(range.substring(range.indexOf('-') + 1)));
        }
        return highest;
    }
}

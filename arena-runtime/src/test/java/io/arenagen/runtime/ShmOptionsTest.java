package io.arenagen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.pool.AbstractSlabArena;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Options are values: equal exactly when every setting is, with hash codes to match; and arenas say their kind. */
final class ShmOptionsTest {

    @Test
    void optionsAreEqualExactlyWhenEverySettingIs() {
        ShmOptions defaults = ShmOptions.defaults();
        assertEquals(defaults, ShmOptions.defaults());
        assertEquals(defaults.hashCode(), ShmOptions.defaults().hashCode());
        ShmOptions group = defaults.withPermissions(0660);
        ShmOptions slow = defaults.withInitTimeout(Duration.ofSeconds(30));
        ShmOptions shared = defaults.withSharingAcrossUsers();
        for (ShmOptions other : new ShmOptions[] {group, slow, shared}) {
            assertNotEquals(defaults, other, other.toString());
            assertNotEquals(defaults.hashCode(), other.hashCode(), other.toString());
        }
        assertEquals(group, ShmOptions.defaults().withPermissions(0660));
        assertEquals(group.hashCode(), ShmOptions.defaults().withPermissions(0660).hashCode());
        assertNotEquals(group, slow);
        assertNotEquals(defaults, "ShmOptions");
    }

    @Test
    void aTimeoutOfExactlyTheMaximumIsKeptAndLongerOnesSaturate() {
        ShmOptions max = ShmOptions.defaults().withInitTimeout(ShmOptions.MAX_INIT_TIMEOUT);
        assertEquals(ShmOptions.MAX_INIT_TIMEOUT, max.initTimeout());
        assertEquals(Long.MAX_VALUE, max.initTimeout().toNanos());
        assertEquals(ShmOptions.MAX_INIT_TIMEOUT,
                ShmOptions.defaults().withInitTimeout(ShmOptions.MAX_INIT_TIMEOUT.plusNanos(1)).initTimeout());
    }

    @Test
    void arenasSayWhetherTheyAreConfined() {
        try (SlabAllocator shared = SlabArenas.local(2, 16);
             SlabAllocator confined = SlabArenas.confined(2, 16)) {
            assertFalse(((AbstractSlabArena) shared).confined());
            assertTrue(((AbstractSlabArena) confined).confined());
        }
    }
}

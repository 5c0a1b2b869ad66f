package io.arenagen.runtime;

import io.arenagen.runtime.pool.AbstractSlabArena;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every scenario of {@link LocalArenaTest} (promotion, tryAllocate without promotion, exhaustion,
 * null and foreign frees, mlock, mbind, close) on a confined arena from {@link SlabArenas#confined}:
 * the confined arena keeps the shared one's contract for its owner thread. Other threads:
 * {@link ConfinedThreadTest}.
 */
class ConfinedArenaTest extends LocalArenaTest {

    @Override
    SlabAllocator create(long count, long... sizes) {
        return SlabArenas.confined(count, sizes);
    }

    @Test
    void theArenaUnderTestIsConfined() {
        SlabAllocator arena = create(2, 64);
        try (arena) {
            assertTrue(((AbstractSlabArena) arena).confined(), arena.toString());
            assertTrue(arena.toString().contains("confined to \"" + Thread.currentThread().getName() + "\""),
                    arena.toString());
        }
    }
}

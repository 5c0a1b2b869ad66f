package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FreeList#countFree} as the corruption detector the reliability tests rely on. */
class CountFreeTest {

    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ArenaLayout LAYOUT = ArenaLayout.of(4, 16);

    private static long count(MemorySegment memory) {
        return FreeList.countFree(memory, LAYOUT.headOffset(0), LAYOUT.chunksOffset(0), LAYOUT.chunkShift(0), 4);
    }

    @Test
    void detectsAnIndexOutOfRangeACycleAndCountsAnIntactList() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
            new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll();
            assertEquals(4, count(memory));
            memory.set(LINK, LAYOUT.chunksOffset(0) + 3 * 16, 4);
            IllegalStateException beyond = assertThrows(IllegalStateException.class, () -> count(memory));
            assertTrue(beyond.getMessage().contains("index 4, beyond count 4"), beyond.getMessage());
            memory.set(LINK, LAYOUT.chunksOffset(0) + 3 * 16, 0);
            IllegalStateException cycle = assertThrows(IllegalStateException.class, () -> count(memory));
            assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
            memory.set(LINK, LAYOUT.chunksOffset(0) + 3 * 16, -1);
            assertEquals(4, count(memory));
        }
    }
}

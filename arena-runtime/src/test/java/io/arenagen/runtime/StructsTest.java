package io.arenagen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.Rule;
import io.arenagen.runtime.layout.StructRules;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The run-time fit check for structs: first fitting pool, the shared message, its boundaries. */
final class StructsTest {

    @Test
    void returnsTheSmallestPoolThatHoldsTheStruct() {
        ArenaLayout layout = ArenaLayout.of(4, 16, 64, 256);
        assertEquals(0, Structs.requireFits(layout, 1, "Tiny"));
        assertEquals(0, Structs.requireFits(layout, 16, "Sixteen"));
        assertEquals(1, Structs.requireFits(layout, 17, "Seventeen"));
        assertEquals(2, Structs.requireFits(layout, 256, "Full"));
    }

    @Test
    void aStructLargerThanTheLargestChunkThrowsTheSharedMessage() {
        try (SlabAllocator arena = SlabArenas.local(4, 16, 64)) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> Structs.requireFits(arena, 65, "Order"));
            assertEquals("[ArenaStructTooLarge] struct Order is 65 bytes, larger than the largest chunk (64 bytes), so no "
                    + "pool can hold it; add a chunk size of 128 to sizes, or make the struct smaller", thrown.getMessage());
            assertEquals(thrown.getMessage(), StructRules.checkFits("Order", 65, new long[] {16, 64}).orElseThrow().message());
            assertEquals(Rule.STRUCT_TOO_LARGE, StructRules.checkFits("Order", 65, new long[] {16, 64}).orElseThrow().rule());
            assertTrue(StructRules.checkFits("Order", 64, new long[] {16, 64}).isEmpty());
        }
    }

    @Test
    void suggestsAtLeastSixteenAndNothingImpossible() {
        assertTrue(StructRules.checkFits("S", 17, new long[] {16}).orElseThrow().message()
                .contains("add a chunk size of 32 to sizes"));
        assertTrue(StructRules.checkFits("S", Long.MAX_VALUE, new long[] {16}).orElseThrow().message()
                .endsWith("so no pool can hold it; make the struct smaller"));
    }

    @Test
    void rejectsSizesThatAreNoStructAndArenasItCannotInspect() {
        ArenaLayout layout = ArenaLayout.of(4, 16);
        assertThrows(IllegalArgumentException.class, () -> Structs.requireFits(layout, 0, "Empty"));
        try (SlabAllocator checked = SlabArenas.checked(SlabArenas.local(4, 16, 64))) {
            assertEquals(1, Structs.requireFits(checked, 40, "Forty"));
        }
        SlabAllocator foreign = (SlabAllocator) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SlabAllocator.class}, (proxy, method, args) -> method.getName().equals("memory")
                        ? MemorySegment.NULL : null);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Structs.requireFits(foreign, 8, "S"));
        assertTrue(thrown.getMessage().endsWith("is not an arena of SlabArenas or of @Arena; check its largest chunk "
                + "size yourself"), thrown.getMessage());
    }
}

package io.arenagen.benchmarks;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plain floor must do the same work as the confined arenas it is compared with: the same offsets
 * in the same order as the CAS floor and as pool 0 of a confined arena, exhaustion as {@code -1},
 * and a pushed chunk popped next.
 */
@Timeout(30)
class PlainFloorFreeListTest {

    @Test
    void popsWhatTheCasFloorAndAConfinedArenaPop() {
        try (PlainFloorFreeList plain = new PlainFloorFreeList(); FloorFreeList cas = new FloorFreeList();
             FieldHeadFloorFreeList fieldHead = new FieldHeadFloorFreeList();
             SlabAllocator arena = SlabArenas.confined(Requests.COUNT, Requests.SIZES_3)) {
            for (long i = 0; i < PlainFloorFreeList.COUNT; i++) {
                long chunk = plain.pop();
                assertEquals(cas.pop(), chunk, "pop " + i);
                assertEquals(arena.allocateOffset(64), chunk, "pop " + i);
                assertEquals(fieldHead.pop(), chunk, "pop " + i);
            }
            assertEquals(-1L, plain.pop());
            assertEquals(-1L, fieldHead.pop());
            fieldHead.push(80 + 5 * 64);
            fieldHead.push(80);
            assertEquals(80, fieldHead.pop());
            assertEquals(80 + 5 * 64, fieldHead.pop());
            plain.push(80 + 5 * 64);
            plain.push(80);
            assertEquals(80, plain.pop());
            assertEquals(80 + 5 * 64, plain.pop());
            assertEquals(-1L, plain.pop());
        }
    }
}

package io.arenagen.benchmarks;

import io.arenagen.runtime.SlabAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The floor must do the same work as the arenas it is compared with: hand out every chunk once, in
 * the same order and at the same offsets as pool 0 of a generated arena, and take chunks back.
 */
@Timeout(30)
class FloorFreeListTest {

    @Test
    void handsOutEveryChunkOnceThenReportsExhaustion() {
        try (FloorFreeList list = new FloorFreeList()) {
            Set<Long> seen = new HashSet<>();
            for (long i = 0; i < FloorFreeList.COUNT; i++) {
                long chunk = list.pop();
                assertTrue(chunk >= 80 && (chunk - 80) % FloorFreeList.CHUNK_SIZE == 0, "chunk offset " + chunk);
                assertTrue(seen.add(chunk), "chunk " + chunk + " handed out twice");
            }
            assertEquals(-1L, list.pop());
            long back = seen.iterator().next();
            list.push(back);
            assertEquals(back, list.pop(), "a pushed chunk is the next one popped");
        }
    }

    @Test
    void popsTheSameOffsetsAsPoolZeroOfTheGeneratedArena() {
        try (FloorFreeList list = new FloorFreeList(); SlabAllocator arena = new Bench3Impl()) {
            for (int i = 0; i < 10; i++) {
                long fromArena = arena.allocateOffset(64);
                long fromFloor = list.pop();
                assertEquals(fromArena, fromFloor, "pop " + i);
            }
            long chunk = list.pop();
            list.push(chunk);
            long offset = arena.allocateOffset(64);
            arena.deallocateOffset(offset);
            assertEquals(offset, chunk);
            assertEquals(arena.allocateOffset(64), list.pop(), "after a pair both hand out the same chunk again");
        }
    }
}

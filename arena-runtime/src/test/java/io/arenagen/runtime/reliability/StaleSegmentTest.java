package io.arenagen.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A segment handed out by an arena that was closed must never be freed into a new arena that the
 * kernel mapped at the same address: its address lies inside the new arena's pools, and pushing it
 * would put a chunk on the list that someone may still write through (or, freed twice, a self-loop
 * that hands one chunk out forever). Such a segment is foreign: ignored, and refused in checked mode.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class StaleSegmentTest {

    private static final long COUNT = 4;
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 64);

    @Test
    void aSegmentOfAClosedArenaIsIgnoredByANewArenaAtTheSameAddress() {
        MemorySegment stale;
        long oldAddress;
        try (SlabAllocator old = SlabArenas.local(COUNT, 64)) {
            stale = old.allocate(64);
            oldAddress = old.memory().address();
        }
        try (SlabAllocator reused = sameAddress(oldAddress, () -> SlabArenas.local(COUNT, 64))) {
            long head = FreeList.head(reused.memory(), LAYOUT.headOffset(0));
            reused.deallocate(stale);
            reused.deallocate(stale);
            assertEquals(head, FreeList.head(reused.memory(), LAYOUT.headOffset(0)), "the list was not touched");
            assertEquals(COUNT, free(reused));
            List<Long> handedOut = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                handedOut.add(reused.allocateOffset(64));
            }
            assertEquals(List.of(80L, 144L, 208L, 272L), handedOut, "every chunk once, in the initial order");
            assertEquals(-1, reused.allocateOffset(64));
        }
    }

    @Test
    void checkedModeRefusesASegmentOfAClosedArena() {
        MemorySegment stale;
        long oldAddress;
        try (SlabAllocator old = SlabArenas.local(COUNT, 64)) {
            stale = old.allocate(64);
            oldAddress = old.memory().address();
        }
        try (SlabAllocator reused = sameAddress(oldAddress, () -> SlabArenas.checked(SlabArenas.local(COUNT, 64)))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> reused.deallocate(stale));
            assertTrue(e.getMessage().contains("belongs to an arena that was closed"), e.getMessage());
            assertEquals(COUNT, free(reused));
        }
    }

    @Test
    @SuppressWarnings("restricted") // reinterpret: an alias of a chunk in another scope, the point of the test
    void segmentsOfAnotherLiveArenaAreIgnoredWhateverTheirAddress() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 64);
             Arena other = Arena.ofConfined()) {
            long offset = arena.allocateOffset(64);
            // Another scope over the very bytes of a chunk this arena handed out: still not this arena's segment.
            MemorySegment alias = MemorySegment.ofAddress(arena.memory().address() + offset).reinterpret(64, other, null);
            arena.deallocate(alias);
            assertEquals(COUNT - 1, free(arena), "the held chunk stays held");
            arena.deallocate(arena.memory().asSlice(offset, 64));
            assertEquals(COUNT, free(arena), "a slice of memory() is this arena's");
        }
    }

    /**
     * An arena built by {@code open} whose memory starts at {@code address}: the kernel usually hands a
     * just-unmapped range of the same size to the next mapping. Skipped if it does not within a few tries.
     */
    private static SlabAllocator sameAddress(long address, Supplier<SlabAllocator> open) {
        List<SlabAllocator> misses = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 16; attempt++) {
                SlabAllocator arena = open.get();
                if (arena.memory().address() == address) {
                    return arena;
                }
                misses.add(arena);
            }
        } finally {
            misses.forEach(SlabAllocator::close);
        }
        Assumptions.abort("premise: the kernel did not map a new arena at the closed arena's address 0x"
                + Long.toHexString(address) + " in 16 tries");
        return null;
    }

    private static long free(SlabAllocator arena) {
        return FreeList.countFree(arena.memory(), LAYOUT.headOffset(0), LAYOUT.chunksOffset(0), LAYOUT.chunkShift(0),
                COUNT);
    }
}

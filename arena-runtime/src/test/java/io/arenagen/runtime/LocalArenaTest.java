package io.arenagen.runtime;

import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocator contract of {@link SlabAllocator} on a private arena from {@link SlabArenas#local},
 * through both the segment API and the offset API.
 *
 * <p>The arena has 2 chunks of 64 bytes (at offsets 80 and 144) and 2 of 256 bytes (at 336 and
 * 592): small enough that every offset is known in advance.
 *
 * <p>Subclasses run the same scenarios on another kind of arena by overriding {@link #create}
 * ({@link ConfinedArenaTest}).
 */
@Timeout(30)
class LocalArenaTest {

    private static final long COUNT = 2;
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 64, 256);
    private static final long SMALL_0 = 80;
    private static final long SMALL_1 = 144;
    private static final long LARGE_0 = 336;
    private static final long LARGE_1 = 592;

    private SlabAllocator arena;

    /** The arena under test, and every other arena a scenario needs, of the same kind. */
    SlabAllocator create(long count, long... sizes) {
        return SlabArenas.local(count, sizes);
    }

    @BeforeEach
    void open() {
        arena = create(COUNT, 64, 256);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void offsetsFollowTheLayout() {
        assertEquals(LAYOUT.chunksOffset(0), SMALL_0);
        assertEquals(LAYOUT.chunksOffset(1), LARGE_0);
        assertEquals(896, arena.totalSize());
        assertEquals(LAYOUT.totalSize(), arena.totalSize());
    }

    @Test
    void allocatePromotesWhenTheFittingPoolIsExhausted() {
        assertEquals(SMALL_0, arena.allocateOffset(10));
        assertEquals(SMALL_1, arena.allocateOffset(64));
        assertEquals(LARGE_0, arena.allocateOffset(1));
        assertEquals(LARGE_1, arena.allocateOffset(64));
        assertEquals(-1, arena.allocateOffset(1));
        assertEquals(-1, arena.allocateOffset(256));
    }

    @Test
    void allocateSegmentPromotesWhenTheFittingPoolIsExhausted() {
        assertEquals(SMALL_0, offsetOf(arena.allocate(10)));
        assertEquals(SMALL_1, offsetOf(arena.allocate(64)));
        MemorySegment promoted = arena.allocate(10);
        assertEquals(LARGE_0, offsetOf(promoted));
        assertEquals(10, promoted.byteSize());
        assertEquals(LARGE_1, offsetOf(arena.allocate(65)));
        assertNull(arena.allocate(1));
    }

    @Test
    void tryAllocateDoesNotPromote() {
        assertEquals(SMALL_0, arena.tryAllocateOffset(16));
        assertEquals(SMALL_1, offsetOf(arena.tryAllocate(16)));
        assertEquals(-1, arena.tryAllocateOffset(16));
        assertNull(arena.tryAllocate(64));
        assertEquals(COUNT, freeChunks(1), "the larger pool is untouched");
        assertEquals(LARGE_0, arena.tryAllocateOffset(65));
        assertEquals(LARGE_1, offsetOf(arena.tryAllocate(256)));
        assertEquals(-1, arena.tryAllocateOffset(65));
        assertNull(arena.tryAllocate(256));
    }

    @Test
    void exhaustionIsNullAndMinusOneAndRecovers() {
        for (int i = 0; i < 2 * COUNT; i++) {
            assertTrue(arena.allocateOffset(1) >= 0);
        }
        assertEquals(-1, arena.allocateOffset(1));
        assertEquals(-1, arena.tryAllocateOffset(1));
        assertNull(arena.allocate(1));
        assertNull(arena.tryAllocate(200));
        arena.deallocateOffset(LARGE_1);
        assertEquals(LARGE_1, arena.allocateOffset(1));
    }

    @Test
    void freedChunksComeBackMostRecentFirst() {
        long first = arena.allocateOffset(64);
        long second = arena.allocateOffset(64);
        arena.deallocateOffset(first);
        arena.deallocateOffset(second);
        assertEquals(second, arena.allocateOffset(64));
        assertEquals(first, arena.allocateOffset(64));

        MemorySegment a = arena.allocate(200);
        MemorySegment b = arena.allocate(200);
        arena.deallocate(b);
        arena.deallocate(a);
        assertEquals(offsetOf(a), offsetOf(arena.allocate(200)));
        assertEquals(offsetOf(b), offsetOf(arena.allocate(200)));
    }

    @Test
    void sizeZeroGetsTheSmallestPool() {
        assertEquals(SMALL_0, arena.allocateOffset(0));
        assertEquals(SMALL_1, arena.tryAllocateOffset(0));
        arena.deallocateOffset(SMALL_1);
        MemorySegment empty = arena.allocate(0);
        assertNotNull(empty);
        assertEquals(0, empty.byteSize());
        assertEquals(SMALL_1, offsetOf(empty));
        assertThrows(IndexOutOfBoundsException.class, () -> empty.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void sizeAboveTheLargestPoolIsNotServed() {
        assertEquals(-1, arena.allocateOffset(257));
        assertEquals(-1, arena.tryAllocateOffset(257));
        assertNull(arena.allocate(257));
        assertNull(arena.tryAllocate(Long.MAX_VALUE));
        assertEquals(COUNT, freeChunks(0));
        assertEquals(COUNT, freeChunks(1));
    }

    @Test
    void negativeSizeIsRejectedNamingTheValue() {
        List<Executable> calls = List.of(() -> arena.allocate(-5), () -> arena.tryAllocate(-5),
                () -> arena.allocateOffset(-5), () -> arena.tryAllocateOffset(-5));
        for (Executable call : calls) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, call);
            assertEquals("size = -5 is negative; request 0 or more bytes", thrown.getMessage());
        }
        IllegalArgumentException min = assertThrows(IllegalArgumentException.class,
                () -> arena.allocateOffset(Long.MIN_VALUE));
        assertTrue(min.getMessage().contains(Long.toString(Long.MIN_VALUE)), min.getMessage());
        assertEquals(COUNT, freeChunks(0));
        assertEquals(COUNT, freeChunks(1));
    }

    @Test
    void deallocateNullIsANoOp() {
        long held = arena.allocateOffset(64);
        arena.deallocate(null);
        assertEquals(COUNT - 1, freeChunks(0));
        assertEquals(SMALL_1, arena.allocateOffset(64));
        assertEquals(SMALL_0, held);
    }

    @Test
    void deallocateForeignSegmentIsANoOp() {
        arena.allocateOffset(64);
        long headBefore = FreeList.head(memoryWithHeads(), LAYOUT.headOffset(0));
        MemorySegment heap = MemorySegment.ofArray(new byte[64]);
        arena.deallocate(Arena.ofAuto().allocate(64));
        arena.deallocate(Arena.global().allocate(256, 64));
        arena.deallocate(heap);
        arena.deallocate(MemorySegment.NULL);
        try (SlabAllocator other = create(COUNT, 64, 256)) {
            arena.deallocate(other.allocate(64)); // a chunk of another arena is foreign too
            other.stats(); // writes back a confined arena's heads
            assertEquals(COUNT - 1, FreeList.countFree(other.memory(), LAYOUT.headOffset(0), LAYOUT.chunksOffset(0),
                    LAYOUT.chunkShift(0), COUNT));
        }
        assertEquals(headBefore, FreeList.head(memoryWithHeads(), LAYOUT.headOffset(0)), "head, generation included");
        assertEquals(COUNT - 1, freeChunks(0));
        assertEquals(COUNT, freeChunks(1));
        assertEquals(SMALL_1, arena.allocateOffset(64));
        assertEquals(LARGE_0, arena.allocateOffset(64));
    }

    @Test
    void deallocateOffsetOutsideEveryChunkIsANoOp() {
        arena.allocateOffset(64);
        long headBefore = FreeList.head(memoryWithHeads(), LAYOUT.headOffset(0));
        for (long offset : new long[] {-1, 0, 64, 79, 208, 255, 335, 848, 896, 4096, Long.MAX_VALUE, Long.MIN_VALUE}) {
            arena.deallocateOffset(offset);
        }
        assertEquals(headBefore, FreeList.head(memoryWithHeads(), LAYOUT.headOffset(0)));
        assertEquals(COUNT - 1, freeChunks(0));
        assertEquals(COUNT, freeChunks(1));
        assertEquals(SMALL_1, arena.allocateOffset(64));
    }

    @Test
    void segmentIsExactlyTheRequestedSizeAndBoundsChecked() {
        MemorySegment chunk = arena.allocate(10);
        assertEquals(10, chunk.byteSize());
        chunk.set(ValueLayout.JAVA_BYTE, 9, (byte) 7);
        assertEquals(7, arena.memory().get(ValueLayout.JAVA_BYTE, SMALL_0 + 9));
        assertThrows(IndexOutOfBoundsException.class, () -> chunk.set(ValueLayout.JAVA_BYTE, 10, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> chunk.set(ValueLayout.JAVA_LONG_UNALIGNED, 3, 1L));
        assertThrows(IndexOutOfBoundsException.class, () -> chunk.get(ValueLayout.JAVA_BYTE, -1));

        MemorySegment whole = arena.tryAllocate(256);
        assertEquals(256, whole.byteSize());
        whole.fill((byte) 0x5A);
        assertThrows(IndexOutOfBoundsException.class, () -> whole.get(ValueLayout.JAVA_BYTE, 256));
    }

    @Test
    void offsetsAgreeWithSegments() {
        long base = arena.memory().address();
        MemorySegment a = arena.allocate(64);
        long b = arena.allocateOffset(64);
        MemorySegment c = arena.allocate(100);
        assertEquals(SMALL_0, a.address() - base);
        assertEquals(SMALL_1, b);
        assertEquals(LARGE_0, c.address() - base);
        a.set(ValueLayout.JAVA_LONG, 0, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, arena.memory().get(ValueLayout.JAVA_LONG, SMALL_0));
        arena.memory().set(ValueLayout.JAVA_INT, LARGE_0 + 96, 42);
        assertEquals(42, c.get(ValueLayout.JAVA_INT, 96));
    }

    @Test
    void deallocateBySegmentAndByOffsetAreInterchangeable() {
        MemorySegment segment = arena.allocate(64);
        arena.deallocateOffset(segment.address() - arena.memory().address());
        assertEquals(COUNT, freeChunks(0));
        assertEquals(SMALL_0, arena.allocateOffset(64));

        long offset = arena.allocateOffset(200);
        arena.deallocate(arena.memory().asSlice(offset, 200));
        assertEquals(COUNT, freeChunks(1));
        assertEquals(offset, offsetOf(arena.allocate(200)));
    }

    @Test
    void anAddressInsideAChunkFreesThatChunk() {
        MemorySegment chunk = arena.allocate(64);
        arena.deallocate(chunk.asSlice(10));
        assertEquals(COUNT, freeChunks(0));
        assertEquals(SMALL_0, arena.allocateOffset(64));

        long large = arena.allocateOffset(256);
        arena.deallocateOffset(large + 255);
        assertEquals(COUNT, freeChunks(1));
        assertEquals(large, arena.allocateOffset(256));
    }

    @Test
    void mlockSucceeds() {
        assertDoesNotThrow(arena::mlock);
        assertDoesNotThrow(arena::mlock);
        arena.memory().set(ValueLayout.JAVA_LONG, LARGE_0, 1L);
    }

    @Test
    void mbindToNodeZeroSucceeds() {
        assertDoesNotThrow(() -> arena.mbind(0));
        assertEquals(SMALL_0, arena.allocateOffset(1));
    }

    @Test
    void mbindToNegativeNodeIsAnIllegalArgument() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> arena.mbind(-1));
        assertTrue(thrown.getMessage().startsWith("numaNode = -1 is negative"), thrown.getMessage());
    }

    @Test
    void mbindToMissingNodeNamesEinval() {
        ArenaException thrown = assertThrows(ArenaException.class, () -> arena.mbind(1000));
        assertEquals(Errno.EINVAL, thrown.errno());
        assertTrue(thrown.getMessage().contains("EINVAL"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("node 1000"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("/sys/devices/system/node"), thrown.getMessage());
    }

    @Test
    void closedArenaThrowsIllegalStateEverywhere() {
        MemorySegment handedOut = arena.allocate(64);
        long offset = arena.allocateOffset(64);
        arena.close();
        Map<String, Executable> calls = Map.ofEntries(
                Map.entry("allocate", () -> arena.allocate(1)),
                Map.entry("allocate(too large)", () -> arena.allocate(1 << 20)),
                Map.entry("tryAllocate", () -> arena.tryAllocate(1)),
                Map.entry("tryAllocate(too large)", () -> arena.tryAllocate(1 << 20)),
                Map.entry("allocateOffset", () -> arena.allocateOffset(1)),
                Map.entry("allocateOffset(too large)", () -> arena.allocateOffset(1 << 20)),
                Map.entry("tryAllocateOffset", () -> arena.tryAllocateOffset(1)),
                Map.entry("tryAllocateOffset(too large)", () -> arena.tryAllocateOffset(1 << 20)),
                Map.entry("deallocate", () -> arena.deallocate(handedOut)),
                Map.entry("deallocate(null)", () -> arena.deallocate(null)),
                Map.entry("deallocate(foreign)", () -> arena.deallocate(Arena.ofAuto().allocate(8))),
                Map.entry("deallocateOffset", () -> arena.deallocateOffset(offset)),
                Map.entry("deallocateOffset(outside)", () -> arena.deallocateOffset(-1)),
                Map.entry("memory", () -> arena.memory()),
                Map.entry("totalSize", () -> arena.totalSize()),
                Map.entry("mlock", () -> arena.mlock()),
                Map.entry("mbind", () -> arena.mbind(0)),
                Map.entry("handed-out segment read", () -> handedOut.get(ValueLayout.JAVA_BYTE, 0)),
                Map.entry("handed-out segment write", () -> handedOut.set(ValueLayout.JAVA_BYTE, 0, (byte) 1)));
        assertAll(calls.entrySet().stream().map(call -> () ->
                assertThrows(IllegalStateException.class, call.getValue(), call.getKey())));
        assertDoesNotThrow(arena::close);
        assertDoesNotThrow(arena::close);
    }

    @Test
    void closedArenaSaysSoOnTheAllocationPath() {
        long offset = arena.allocateOffset(64);
        arena.close();
        IllegalStateException onAllocate = assertThrows(IllegalStateException.class, () -> arena.allocateOffset(1));
        IllegalStateException onFree = assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(offset));
        assertTrue(onAllocate.getMessage().contains("arena is closed"), onAllocate.getMessage());
        assertTrue(onFree.getMessage().contains("arena is closed"), onFree.getMessage());
    }

    @Test
    void memoryIsTheTotalRoundedToThePageSize() {
        long page = Libc.pageSize();
        assertEquals(ArenaLayout.roundUpToPage(896, page), arena.memory().byteSize());
        try (SlabAllocator pages = create(100, 64)) {
            assertEquals(6_528, pages.totalSize());
            assertEquals(ArenaLayout.roundUpToPage(6_528, page), pages.memory().byteSize());
            assertTrue(pages.memory().byteSize() >= 8_192);
        }
        // Large enough to try huge pages: still exactly the page-rounded total, however it is backed.
        try (SlabAllocator large = create(1024, 4096)) {
            assertEquals(128 + 1024 * 4096, large.totalSize());
            assertEquals(ArenaLayout.roundUpToPage(128 + 1024 * 4096, page), large.memory().byteSize());
            long last = large.allocateOffset(4096);
            large.memory().set(ValueLayout.JAVA_LONG, large.memory().byteSize() - 8, 1L);
            assertEquals(80, last);
        }
    }

    @Test
    void freshArenaIsZeroFilledAndMemoryIsUsable() {
        MemorySegment chunk = arena.allocate(256);
        // the link in the first four bytes is the pool's business; the rest starts zeroed
        for (long i = 8; i < 64; i++) {
            assertEquals(0, chunk.get(ValueLayout.JAVA_BYTE, i));
        }
    }

    private long offsetOf(MemorySegment segment) {
        return segment.address() - arena.memory().address();
    }

    /**
     * The arena's memory with every head word current: {@code stats()} writes back the heads a confined
     * arena keeps on the heap (a shared arena's are always in memory).
     */
    private MemorySegment memoryWithHeads() {
        arena.stats();
        return arena.memory();
    }

    private long freeChunks(int pool) {
        return FreeList.countFree(memoryWithHeads(), LAYOUT.headOffset(pool), LAYOUT.chunksOffset(pool),
                LAYOUT.chunkShift(pool), COUNT);
    }
}

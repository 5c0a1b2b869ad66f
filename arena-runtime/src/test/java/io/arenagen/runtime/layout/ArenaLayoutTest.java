package io.arenagen.runtime.layout;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The layout arithmetic, checked against numbers worked out by hand from the spec:
 * {@code poolBytes = 128 + count × size}, pools back to back, head at +64, chunks at +80 (where g++ places the C++ header's
 * flexible array), 48 bytes of slack at each pool's end.
 */
class ArenaLayoutTest {

    @Test
    void threePoolsOf128() {
        ArenaLayout layout = ArenaLayout.of(128, 64, 256, 1024);
        assertEquals(3, layout.poolCount());
        assertEquals(128, layout.count());
        // pool 0: 128 + 128 * 64 = 8320 bytes
        assertPool(layout, 0, 64, 6, 0);
        // pool 1: 128 + 128 * 256 = 32896 bytes, starts at 8320
        assertPool(layout, 1, 256, 8, 8_320);
        // pool 2: 128 + 128 * 1024 = 131200 bytes, starts at 8320 + 32896 = 41216
        assertPool(layout, 2, 1024, 10, 41_216);
        assertEquals(8_320, ArenaLayout.poolBytes(128, 64));
        assertEquals(172_416, layout.totalSize());
        assertEquals(176_128, layout.mappedSize(4096)); // 43 pages of 4 KiB
        assertEquals(2L << 20, layout.mappedSize(2L << 20)); // one huge page
        assertEquals(layout.chunksEnd(0) + 48, layout.poolOffset(1));
        assertEquals(layout.chunksEnd(1) + 48, layout.poolOffset(2));
        assertEquals(layout.chunksEnd(2) + 48, layout.totalSize());
    }

    @Test
    void smallestArena() {
        ArenaLayout layout = ArenaLayout.of(1, 16);
        assertPool(layout, 0, 16, 4, 0);
        assertEquals(144, layout.totalSize());
        assertEquals(4096, layout.mappedSize(4096));
        assertEquals(65_536, layout.mappedSize(65_536));
    }

    @Test
    void exactPageMultipleIsNotRounded() {
        // 128 + 31 * 128 = 4096 exactly
        ArenaLayout layout = ArenaLayout.of(31, 128);
        assertEquals(4096, layout.totalSize());
        assertEquals(4096, layout.mappedSize(4096));
        // one chunk more, 128 bytes past the page, takes a whole second page
        assertEquals(4224, ArenaLayout.of(32, 128).totalSize());
        assertEquals(8192, ArenaLayout.of(32, 128).mappedSize(4096));
    }

    @Test
    void largestCountNeedsNoMapping() {
        ArenaLayout layout = ArenaLayout.of(4_294_967_295L, 16, 32);
        assertEquals(128 + 4_294_967_295L * 16, layout.poolOffset(1));
        assertEquals(128 + 4_294_967_295L * 16 + 128 + 4_294_967_295L * 32, layout.totalSize());
        assertEquals(layout.poolOffset(1) + 64, layout.headOffset(1));
    }

    @Test
    void roundUpToPage() {
        assertEquals(0, ArenaLayout.roundUpToPage(0, 4096));
        assertEquals(4096, ArenaLayout.roundUpToPage(1, 4096));
        assertEquals(4096, ArenaLayout.roundUpToPage(4096, 4096));
        assertEquals(8192, ArenaLayout.roundUpToPage(4097, 4096));
    }

    @Test
    void poolOfFindsTheChunkRangeOnly() {
        ArenaLayout layout = ArenaLayout.of(128, 64, 256, 1024);
        assertEquals(-1, layout.poolOf(-1));
        assertEquals(-1, layout.poolOf(0)); // magic of pool 0
        assertEquals(-1, layout.poolOf(64)); // head of pool 0
        assertEquals(-1, layout.poolOf(79));
        assertEquals(0, layout.poolOf(80));
        assertEquals(0, layout.poolOf(82)); // inside chunk 0
        assertEquals(0, layout.poolOf(8_271)); // last byte of chunk 127: 80 + 128 * 64 - 1
        assertEquals(-1, layout.poolOf(8_272)); // slack of pool 0
        assertEquals(-1, layout.poolOf(8_319));
        assertEquals(-1, layout.poolOf(8_320)); // header of pool 1
        assertEquals(-1, layout.poolOf(8_399));
        assertEquals(1, layout.poolOf(8_400));
        assertEquals(1, layout.poolOf(41_167));
        assertEquals(-1, layout.poolOf(41_168));
        assertEquals(-1, layout.poolOf(41_216));
        assertEquals(2, layout.poolOf(41_296));
        assertEquals(2, layout.poolOf(172_367));
        assertEquals(-1, layout.poolOf(172_368));
        assertEquals(-1, layout.poolOf(172_416));
        assertEquals(-1, layout.poolOf(Long.MAX_VALUE));
        assertEquals(-1, layout.poolOf(Long.MIN_VALUE));
    }

    @Test
    void layoutIsImmutable() {
        long[] sizes = {64, 256};
        ArenaLayout layout = ArenaLayout.of(4, sizes);
        sizes[0] = 16;
        assertEquals(64, layout.chunkSize(0));
        long[] copy = layout.sizes();
        copy[1] = 1024;
        assertArrayEquals(new long[] {64, 256}, layout.sizes());
        assertEquals(256, layout.chunkSize(1));
    }

    @Test
    void equalityIsByConfiguration() {
        assertEquals(ArenaLayout.of(4, 64, 256), ArenaLayout.of(4, 64, 256));
        assertEquals(ArenaLayout.of(4, 64, 256).hashCode(), ArenaLayout.of(4, 64, 256).hashCode());
        assertNotEquals(ArenaLayout.of(4, 64, 256), ArenaLayout.of(5, 64, 256));
        assertNotEquals(ArenaLayout.of(4, 64, 256), ArenaLayout.of(4, 64, 512));
        assertEquals("count=4, sizes=[64, 256]", ArenaLayout.of(4, 64, 256).describe());
    }

    @Test
    void invalidConfigurationHasNoLayout() {
        assertThrows(IllegalArgumentException.class, () -> ArenaLayout.of(4, 64, 32));
    }

    private static void assertPool(ArenaLayout layout, int pool, long size, int shift, long offset) {
        assertEquals(size, layout.chunkSize(pool));
        assertEquals(shift, layout.chunkShift(pool));
        assertEquals(offset, layout.poolOffset(pool));
        assertEquals(offset + 64, layout.headOffset(pool));
        assertEquals(offset + 80, layout.chunksOffset(pool));
        assertEquals(offset + 80 + layout.count() * size, layout.chunksEnd(pool));
        assertEquals(offset + PoolHeader.HEAD_OFFSET, layout.headOffset(pool));
    }
}

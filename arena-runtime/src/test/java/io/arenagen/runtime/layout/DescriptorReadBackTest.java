package io.arenagen.runtime.layout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link LayoutDescriptor#describe}: the configuration read back, and "none" for anything inconsistent. */
class DescriptorReadBackTest {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void free() {
        arena.close();
    }

    private MemorySegment written(ArenaLayout layout, long bytes) {
        MemorySegment memory = arena.allocate(bytes, 8);
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            long base = layout.poolOffset(pool);
            memory.set(INT, base + PoolHeader.TAG_OFFSET, PoolHeader.DESCRIPTOR_TAG);
            memory.set(INT, base + PoolHeader.VERSION_OFFSET, PoolHeader.DESCRIPTOR_VERSION);
            memory.set(INT, base + PoolHeader.POOL_INDEX_OFFSET, pool);
            memory.set(INT, base + PoolHeader.POOL_COUNT_OFFSET, layout.poolCount());
            memory.set(LONG, base + PoolHeader.CHUNK_SIZE_OFFSET, layout.chunkSize(pool));
            memory.set(LONG, base + PoolHeader.CHUNK_COUNT_OFFSET, layout.count());
        }
        return memory;
    }

    @Test
    void readsBackEveryPool() {
        ArenaLayout layout = ArenaLayout.of(3, 16, 64, 256);
        assertEquals(Optional.of("count=3, sizes=[16, 64, 256]"), LayoutDescriptor.describe(written(layout, layout.totalSize())));
    }

    @Test
    void exactlyFittingAndTruncatedMemory() {
        ArenaLayout layout = ArenaLayout.of(2, 32);
        assertEquals(Optional.of("count=2, sizes=[32]"), LayoutDescriptor.describe(written(layout, layout.totalSize())));
        MemorySegment memory = written(layout, layout.totalSize()).asSlice(0, layout.totalSize() - 1);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(memory));
    }

    @Test
    void zeroOrInconsistentHeadersHaveNoDescriptor() {
        ArenaLayout layout = ArenaLayout.of(2, 16, 32);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(arena.allocate(4096, 8)), "all zero (C++)");
        MemorySegment badTag = written(layout, 4096);
        badTag.set(INT, layout.poolOffset(1) + PoolHeader.TAG_OFFSET, 1);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(badTag));
        MemorySegment badIndex = written(layout, 4096);
        badIndex.set(INT, layout.poolOffset(1) + PoolHeader.POOL_INDEX_OFFSET, 0);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(badIndex));
        MemorySegment badPools = written(layout, 4096);
        badPools.set(INT, layout.poolOffset(1) + PoolHeader.POOL_COUNT_OFFSET, 3);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(badPools));
        MemorySegment badCount = written(layout, 4096);
        badCount.set(LONG, layout.poolOffset(1) + PoolHeader.CHUNK_COUNT_OFFSET, 3);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(badCount));
        MemorySegment badSize = written(layout, 4096);
        badSize.set(LONG, layout.poolOffset(1) + PoolHeader.CHUNK_SIZE_OFFSET, 48);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(badSize), "48 is not a power of two");
        MemorySegment huge = written(layout, 4096);
        huge.set(LONG, PoolHeader.CHUNK_SIZE_OFFSET, Long.MAX_VALUE / 2);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(huge), "overflowing footprint");
        MemorySegment negative = written(layout, 4096);
        negative.set(INT, PoolHeader.POOL_COUNT_OFFSET, -1);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(negative));
        MemorySegment tooMany = written(layout, 4096);
        tooMany.set(INT, PoolHeader.POOL_COUNT_OFFSET, 65);
        assertEquals(Optional.empty(), LayoutDescriptor.describe(tooMany));
        assertEquals(Optional.empty(), LayoutDescriptor.describe(arena.allocate(16, 8)), "shorter than a header");
    }
}

package io.arenagen.runtime.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads back the configuration an existing arena was created with, from the layout descriptors in
 * its pool headers, so that an opener whose configuration differs can name both in its error. Only
 * arenas created by arenagen have descriptors; C++-created ones (zero padding) and foreign bytes
 * give {@link Optional#empty()}. Reads only, and never trusts a value before bounds-checking it.
 */
public final class LayoutDescriptor {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private LayoutDescriptor() {
    }

    /**
     * The configuration recorded in {@code memory}'s pool headers, as {@link ArenaLayout#describe()}
     * spells it ({@code count=4, sizes=[64, 256]}), or empty if any pool lacks a consistent descriptor.
     */
    public static Optional<String> describe(MemorySegment memory) {
        long base = 0;
        if (memory.byteSize() < PoolHeader.BYTES || memory.get(INT, PoolHeader.POOL_COUNT_OFFSET) <= 0) {
            return Optional.empty();
        }
        int pools = memory.get(INT, PoolHeader.POOL_COUNT_OFFSET);
        long count = memory.get(LONG, PoolHeader.CHUNK_COUNT_OFFSET);
        long[] sizes = new long[Math.min(pools, 64)];
        for (int pool = 0; pool < pools; pool++) {
            if (pool >= sizes.length || base > memory.byteSize() - PoolHeader.BYTES
                    || memory.get(INT, base + PoolHeader.TAG_OFFSET) != PoolHeader.DESCRIPTOR_TAG
                    || memory.get(INT, base + PoolHeader.POOL_INDEX_OFFSET) != pool
                    || memory.get(INT, base + PoolHeader.POOL_COUNT_OFFSET) != pools
                    || memory.get(LONG, base + PoolHeader.CHUNK_COUNT_OFFSET) != count) {
                return Optional.empty();
            }
            sizes[pool] = memory.get(LONG, base + PoolHeader.CHUNK_SIZE_OFFSET);
            if (count <= 0 || sizes[pool] <= 0 || count > (memory.byteSize() - base) / sizes[pool]) {
                return Optional.empty();
            }
            base += ArenaLayout.poolBytes(count, sizes[pool]);
        }
        return Optional.of("count=" + count + ", sizes=" + Arrays.toString(sizes));
    }
}

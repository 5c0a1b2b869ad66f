package io.arenagen.runtime.layout;

import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * Reads back the configuration an existing arena was created with, from the layout descriptors in
 * its pool headers, so that an opener whose configuration differs can name both in its error. Only
 * arenas created by arenagen have descriptors; C++-created ones (zero padding) and foreign bytes
 * give {@link Optional#empty()}. It only reads, and treats every value as untrusted: a read out of
 * bounds, an overflow or a configuration that breaks {@link ArenaRules} means "no descriptor".
 */
public final class LayoutDescriptor {

    /** More pools than any sensible arena has; bounds the array built from an untrusted pool count. */
    private static final int MAX_POOLS = 64;

    private static final ValueLayout.OfInt INT = LittleEndian.INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = LittleEndian.LONG_UNALIGNED;

    private LayoutDescriptor() {
    }

    /**
     * The configuration recorded in {@code memory}'s pool headers, as {@link ArenaLayout#describe()}
     * spells it ({@code count=4, sizes=[64, 256]}), or empty if any pool lacks a consistent descriptor.
     */
    public static Optional<String> describe(MemorySegment memory) {
        return read(memory).map(ArenaLayout::describe);
    }

    /**
     * The layout recorded in {@code memory}'s pool headers, or empty if any pool lacks a consistent
     * descriptor or the pools it describes do not fit in {@code memory}.
     */
    public static Optional<ArenaLayout> read(MemorySegment memory) {
        try {
            int pools = memory.get(INT, PoolHeader.POOL_COUNT_OFFSET);
            long count = memory.get(LONG, PoolHeader.CHUNK_COUNT_OFFSET);
            long[] sizes = new long[Math.clamp(pools, 0, MAX_POOLS)];
            long base = 0;
            for (int pool = 0; pool < sizes.length; pool++) {
                if (memory.get(INT, base + PoolHeader.TAG_OFFSET) != PoolHeader.DESCRIPTOR_TAG
                        || memory.get(INT, base + PoolHeader.POOL_INDEX_OFFSET) != pool
                        || memory.get(INT, base + PoolHeader.POOL_COUNT_OFFSET) != pools
                        || memory.get(LONG, base + PoolHeader.CHUNK_COUNT_OFFSET) != count) {
                    return Optional.empty();
                }
                sizes[pool] = memory.get(LONG, base + PoolHeader.CHUNK_SIZE_OFFSET);
                base = Math.addExact(base, Math.addExact(PoolHeader.BYTES, Math.multiplyExact(count, sizes[pool])));
            }
            if (sizes.length != pools || base > memory.byteSize()) {
                return Optional.empty();
            }
            return Optional.of(ArenaLayout.of(count, sizes));
        } catch (IndexOutOfBoundsException | ArithmeticException | IllegalArgumentException notADescriptor) {
            return Optional.empty();
        }
    }
}

package io.arenagen.runtime.layout;

import java.util.Arrays;

/**
 * The validated byte layout of an arena: pools one after another in ascending chunk size, pool
 * {@code i} starting at {@code Σ poolBytes(j < i)} with {@code poolBytes = 128 + count × size}, its
 * chunks at {@code poolOffset(i) + 80} and 48 bytes of slack at its end (see {@link PoolHeader}).
 * Immutable; built with {@link #of(long, long...)}, which applies {@link ArenaRules}.
 */
public final class ArenaLayout {

    private final long count;
    private final long[] sizes;
    private final long[] poolOffsets;
    private final long totalSize;

    private ArenaLayout(long count, long[] sizes) {
        this.count = count;
        this.sizes = sizes;
        this.poolOffsets = new long[sizes.length];
        long offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            poolOffsets[i] = offset;
            offset += poolBytes(count, sizes[i]);
        }
        this.totalSize = offset;
    }

    /**
     * The layout of {@code count} chunks for each of {@code sizes}.
     *
     * @throws IllegalArgumentException naming every broken rule (see {@link ArenaRules})
     */
    public static ArenaLayout of(long count, long... sizes) {
        ArenaRules.requireValid(count, sizes);
        return new ArenaLayout(count, sizes.clone());
    }

    /** Bytes of one pool: {@code sizeof} its 128-byte C++ header plus {@code count × size} bytes of chunks. */
    public static long poolBytes(long count, long size) {
        return PoolHeader.BYTES + count * size;
    }

    /** {@code bytes} rounded up to a multiple of {@code pageSize} (a power of two). */
    public static long roundUpToPage(long bytes, long pageSize) {
        return (bytes + pageSize - 1) & -pageSize;
    }

    /** Chunks per pool. */
    public long count() {
        return count;
    }

    /** Number of pools. */
    public int poolCount() {
        return sizes.length;
    }

    /** Chunk sizes in ascending order (a copy). */
    public long[] sizes() {
        return sizes.clone();
    }

    /** Chunk size of pool {@code pool}. */
    public long chunkSize(int pool) {
        return sizes[pool];
    }

    /** {@code log2} of the chunk size of pool {@code pool}: chunk {@code i} is at {@code chunksOffset + (i << shift)}. */
    public int chunkShift(int pool) {
        return Long.numberOfTrailingZeros(sizes[pool]);
    }

    /** Offset of pool {@code pool}'s header from the start of the arena. */
    public long poolOffset(int pool) {
        return poolOffsets[pool];
    }

    /** Offset of pool {@code pool}'s tagged head word. */
    public long headOffset(int pool) {
        return poolOffsets[pool] + PoolHeader.HEAD_OFFSET;
    }

    /** Offset of pool {@code pool}'s first chunk. */
    public long chunksOffset(int pool) {
        return poolOffsets[pool] + PoolHeader.CHUNKS_OFFSET;
    }

    /** Offset one past pool {@code pool}'s last chunk (48 bytes of slack before the next pool). */
    public long chunksEnd(int pool) {
        return chunksOffset(pool) + count * sizes[pool];
    }

    /** The pool whose chunks contain {@code offset}, or {@code -1} if none does. */
    public int poolOf(long offset) {
        for (int pool = 0; pool < sizes.length; pool++) {
            if (offset >= chunksOffset(pool) && offset < chunksEnd(pool)) {
                return pool;
            }
        }
        return -1;
    }

    /** {@code Σ poolBytes}: the footprint before rounding to pages. */
    public long totalSize() {
        return totalSize;
    }

    /** The size of the mapping and of a shared object: {@link #totalSize()} rounded up to {@code pageSize}. */
    public long mappedSize(long pageSize) {
        return roundUpToPage(totalSize, pageSize);
    }

    /** {@code count=128, sizes=[64, 256, 1024]}: the configuration as users write it. */
    public String describe() {
        return "count=" + count + ", sizes=" + Arrays.toString(sizes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArenaLayout that && count == that.count && Arrays.equals(sizes, that.sizes);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count) + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "ArenaLayout[" + describe() + ", totalSize=" + totalSize + "]";
    }
}

package io.arenagen.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/** Netty's pooled allocator configured at its best for these benchmarks. */
final class NettyPool {

    private NettyPool() {
    }

    /**
     * A pooled allocator with Netty's default arenas, page size and cache sizes, preferring direct
     * buffers, and with thread caches for every thread (by default only Netty's own threads get one,
     * and JMH's worker threads are not Netty's).
     *
     * @throws IllegalStateException if it hands out heap buffers
     */
    static PooledByteBufAllocator create() {
        PooledByteBufAllocator allocator = new PooledByteBufAllocator(true,
                PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                true);
        ByteBuf probe = allocator.buffer(64);
        try {
            if (!probe.isDirect()) {
                throw new IllegalStateException("Netty handed out a heap buffer: " + probe);
            }
        } finally {
            probe.release();
        }
        return allocator;
    }
}

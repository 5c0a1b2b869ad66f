package io.arenagen.benchmarks;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;

/** Netty 4.2's adaptive allocator configured at its best for these benchmarks. */
final class NettyAdaptive {

    private NettyAdaptive() {
    }

    /**
     * An adaptive allocator preferring direct buffers, with its per-thread magazine cache for every
     * thread (by default only Netty's event-loop threads get one, and JMH's worker threads are not
     * Netty's).
     *
     * @throws IllegalStateException if it hands out heap buffers
     */
    static AdaptiveByteBufAllocator create() {
        AdaptiveByteBufAllocator allocator = new AdaptiveByteBufAllocator(true, true);
        ByteBuf probe = allocator.buffer(64);
        try {
            if (!probe.isDirect()) {
                throw new IllegalStateException("Netty's adaptive allocator handed out a heap buffer: " + probe);
            }
        } finally {
            probe.release();
        }
        return allocator;
    }
}

package io.arenagen.benchmarks;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One allocate + release pair of the allocators arenagen is compared with, for the request sizes of
 * the arena benchmarks (16 and 2048: first and last pool of 8; 64 and 1024: first and last pool of 3).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PeerBenchmark {

    @Param({Requests.P3_FIRST, Requests.P3_LAST, Requests.P8_FIRST, Requests.P8_LAST})
    public String request;

    private int size;

    @Setup
    public void size() {
        size = Requests.size(request);
    }

    /** Netty's pooled allocator at its best (see {@link NettyPool}). */
    @State(Scope.Thread)
    public static class Netty {
        PooledByteBufAllocator allocator;

        @Setup
        public void open() {
            allocator = NettyPool.create();
        }
    }

    @Benchmark
    public ByteBuf nettyPooled(Netty netty) {
        ByteBuf buffer = netty.allocator.buffer(size);
        buffer.release();
        return buffer;
    }

    /** Netty 4.2's adaptive allocator (see {@link NettyAdaptive}). */
    @State(Scope.Thread)
    public static class Adaptive {
        AdaptiveByteBufAllocator allocator;

        @Setup
        public void open() {
            allocator = NettyAdaptive.create();
        }
    }

    @Benchmark
    public ByteBuf nettyAdaptive(Adaptive adaptive) {
        ByteBuf buffer = adaptive.allocator.buffer(size);
        buffer.release();
        return buffer;
    }

    /** FFM's own allocation: a confined arena's allocate is malloc (plus zeroing), its close is free. */
    @Benchmark
    public long ffmConfined() {
        try (Arena arena = Arena.ofConfined()) {
            return arena.allocate(size).address();
        }
    }

    /** Context: a direct buffer, freed later by its Cleaner after a GC. */
    @Benchmark
    public ByteBuffer allocateDirect() {
        return ByteBuffer.allocateDirect(size);
    }

    /** Context: a heap array, reclaimed by the young GC. */
    @Benchmark
    public byte[] heapArray() {
        return new byte[size];
    }
}

package io.arenagen.benchmarks;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Two threads doing allocate + deallocate pairs on the same pool of one arena (64-byte requests to
 * the 3-pool configuration), in total pairs per microsecond: both CAS of every pair contend on the
 * pool's head word. Netty shares one allocator too, but its thread caches keep the threads apart.
 */
@State(Scope.Benchmark)
@Threads(2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ContendedBenchmark {

    private static final long SIZE = 64;

    /** The floor's list, shared by both threads. */
    @State(Scope.Benchmark)
    public static class Floor {
        FloorFreeList list;

        @Setup
        public void open() {
            list = new FloorFreeList();
        }

        @TearDown
        public void close() {
            list.close();
        }
    }

    /** A generated arena shared by both threads. */
    @State(Scope.Benchmark)
    public static class Generated {
        Bench3Impl arena;

        @Setup
        public void open() {
            arena = new Bench3Impl();
        }

        @TearDown
        public void close() {
            arena.close();
        }
    }

    /** A run-time arena shared by both threads. */
    @State(Scope.Benchmark)
    public static class Runtime {
        SlabAllocator arena;

        @Setup
        public void open() {
            arena = SlabArenas.local(Requests.COUNT, Requests.SIZES_3);
        }

        @TearDown
        public void close() {
            arena.close();
        }
    }

    /** One Netty allocator shared by both threads. */
    @State(Scope.Benchmark)
    public static class Netty {
        PooledByteBufAllocator allocator;

        @Setup
        public void open() {
            allocator = NettyPool.create();
        }
    }

    @Benchmark
    public long floor(Floor floor) {
        long chunk = floor.list.pop();
        floor.list.push(chunk);
        return chunk;
    }

    @Benchmark
    public long generatedOffset(Generated generated) {
        long offset = generated.arena.allocateOffset(SIZE);
        generated.arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long runtimeOffset(Runtime runtime) {
        long offset = runtime.arena.allocateOffset(SIZE);
        runtime.arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public ByteBuf nettyPooled(Netty netty) {
        ByteBuf buffer = netty.allocator.buffer((int) SIZE);
        buffer.release();
        return buffer;
    }
}

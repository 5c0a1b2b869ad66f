package io.arenagen.benchmarks;

import io.arenagen.runtime.ThreadCache;
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
 * {@value #THREADS} threads doing allocate + deallocate pairs (64-byte requests, 3-pool configuration),
 * total pairs per microsecond: all on one generated shared arena, each thread through its own thread
 * cache; against each thread with its own generated confined arena (the budget: caches at least 0.7 ×
 * its throughput), Netty's pooled allocator shared by both (at least 5 × it), and the shared arena
 * without caches (both CAS of every pair contended, as in {@link ContendedBenchmark}).
 */
@Threads(ThreadCacheThreadsBenchmark.THREADS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ThreadCacheThreadsBenchmark {

    /** One per core of the machine the budget was set on. */
    static final int THREADS = 2;

    private static final long SIZE = 64;

    /** One generated shared arena for all threads. */
    @State(Scope.Benchmark)
    public static class OneShared {
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

    /** Each thread's cache of the one shared arena, made on (and owned by) that thread. */
    @State(Scope.Thread)
    public static class OwnCache {
        ThreadCache cache;

        @Setup
        public void open(OneShared shared) {
            cache = shared.arena.threadCache(ThreadCacheBenchmark.CHUNKS_PER_POOL);
        }

        @TearDown
        public void close() {
            cache.close();
        }
    }

    /** A generated confined arena per thread. */
    @State(Scope.Thread)
    public static class OwnConfined {
        BenchConfined3Impl arena;

        @Setup
        public void open() {
            arena = new BenchConfined3Impl();
        }

        @TearDown
        public void close() {
            arena.close();
        }
    }

    /** One Netty allocator shared by all threads (with its thread caches). */
    @State(Scope.Benchmark)
    public static class Netty {
        PooledByteBufAllocator allocator;

        @Setup
        public void open() {
            allocator = NettyPool.create();
        }
    }

    @Benchmark
    public long sharedWithCaches(OwnCache own) {
        long offset = own.cache.allocateOffset(SIZE);
        own.cache.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long ownConfined(OwnConfined own) {
        long offset = own.arena.allocateOffset(SIZE);
        own.arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long sharedWithoutCaches(OneShared one) {
        long offset = one.arena.allocateOffset(SIZE);
        one.arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public ByteBuf nettyPooled(Netty netty) {
        ByteBuf buffer = netty.allocator.buffer((int) SIZE);
        buffer.release();
        return buffer;
    }
}

package io.arenagen.benchmarks;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.ThreadCache;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One thread, one allocate + deallocate pair (offset API) on the 3-pool configuration, first and last
 * pool: through a thread cache of the generated shared arena ({@link Bench3}) and of the run-time one,
 * against the generated confined arena ({@link BenchConfined3}, the budget's reference: a cache pair
 * at most 1.3 × it), the generated shared arena without a cache and the hand-written CAS floor (the
 * shared pair's budget: at most 1.10 × the floor, unchanged by caches). The cache's pair never leaves
 * its parked chunks: no atomic at all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ThreadCacheBenchmark {

    /** The cap of every cache here: what a server thread would typically park. */
    static final int CHUNKS_PER_POOL = 32;

    @Param({Requests.P3_FIRST, Requests.P3_LAST})
    public String request;

    private long size;
    private Bench3Impl shared;
    private ThreadCache cache;
    private SlabAllocator runtime;
    private ThreadCache runtimeCache;
    private BenchConfined3Impl confined;
    private FloorFreeList floor;

    @Setup
    public void open() {
        size = Requests.size(request);
        shared = new Bench3Impl();
        cache = shared.threadCache(CHUNKS_PER_POOL);
        runtime = SlabArenas.local(Requests.COUNT, Requests.SIZES_3);
        runtimeCache = runtime.threadCache(CHUNKS_PER_POOL);
        confined = new BenchConfined3Impl();
        floor = new FloorFreeList();
    }

    @TearDown
    public void close() {
        cache.close();
        shared.close();
        runtimeCache.close();
        runtime.close();
        confined.close();
        floor.close();
    }

    @Benchmark
    public long generatedCache() {
        long offset = cache.allocateOffset(size);
        cache.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long runtimeCache() {
        long offset = runtimeCache.allocateOffset(size);
        runtimeCache.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long generatedConfined() {
        long offset = confined.allocateOffset(size);
        confined.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long generatedShared() {
        long offset = shared.allocateOffset(size);
        shared.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long floor() {
        long chunk = floor.pop();
        floor.push(chunk);
        return chunk;
    }
}

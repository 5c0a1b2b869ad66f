package io.arenagen.benchmarks;

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

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * One allocate + deallocate pair on the generated, confined 8-pool arena ({@link BenchConfined8}),
 * held by its generated class as a user holds it. The state is set up on the benchmark thread, which
 * thereby owns the arena. The request size is a field, not a constant, so the dispatch is not folded away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GeneratedConfinedArena8Benchmark {

    @Param({Requests.P8_FIRST, Requests.P8_LAST})
    public String request;

    private long size;
    private BenchConfined8Impl arena;

    @Setup
    public void open() {
        size = Requests.size(request);
        arena = new BenchConfined8Impl();
    }

    @TearDown
    public void close() {
        arena.close();
    }

    @Benchmark
    public long offset() {
        long offset = arena.allocateOffset(size);
        arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long segment() {
        MemorySegment chunk = arena.allocate(size);
        arena.deallocate(chunk);
        return chunk.address();
    }
}

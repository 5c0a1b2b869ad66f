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
 * One allocate + deallocate pair on the generated 3-pool arena, held by its generated class as a
 * user holds it; checked mode on {@link Bench3Checked}. The request size is a field, not a
 * constant, so the dispatch is not folded away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GeneratedArena3Benchmark {

    @Param({Requests.P3_FIRST, Requests.P3_LAST})
    public String request;

    private long size;

    @Setup
    public void size() {
        size = Requests.size(request);
    }

    /** The unchecked arena. */
    @State(Scope.Thread)
    public static class Unchecked {
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

    /** The checked arena. */
    @State(Scope.Thread)
    public static class Checked {
        Bench3CheckedImpl arena;

        @Setup
        public void open() {
            arena = new Bench3CheckedImpl();
        }

        @TearDown
        public void close() {
            arena.close();
        }
    }

    @Benchmark
    public long offset(Unchecked state) {
        long offset = state.arena.allocateOffset(size);
        state.arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long segment(Unchecked state) {
        MemorySegment chunk = state.arena.allocate(size);
        state.arena.deallocate(chunk);
        return chunk.address();
    }

    @Benchmark
    public long checkedOffset(Checked state) {
        long offset = state.arena.allocateOffset(size);
        state.arena.deallocateOffset(offset);
        return offset;
    }
}

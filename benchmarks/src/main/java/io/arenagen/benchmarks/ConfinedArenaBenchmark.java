package io.arenagen.benchmarks;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
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
 * One allocate + deallocate pair on the run-time confined arena ({@code SlabArenas.confined}), held
 * as a {@link SlabAllocator} like {@link RuntimeArenaBenchmark}'s shared one; checked mode through
 * {@code SlabArenas.checked}. The state is set up on the benchmark thread, which thereby owns the arena.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ConfinedArenaBenchmark {

    @Param({Requests.P3_FIRST, Requests.P3_LAST, Requests.P8_FIRST, Requests.P8_LAST})
    public String request;

    private SlabAllocator arena;
    private SlabAllocator checked;
    private long size;

    @Setup
    public void open() {
        size = Requests.size(request);
        arena = SlabArenas.confined(Requests.COUNT, Requests.sizes(request));
        checked = SlabArenas.checked(arena);
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

    @Benchmark
    public long checkedOffset() {
        long offset = checked.allocateOffset(size);
        checked.deallocateOffset(offset);
        return offset;
    }
}

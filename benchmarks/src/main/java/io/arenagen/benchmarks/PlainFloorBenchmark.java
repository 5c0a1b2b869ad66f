package io.arenagen.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One pop + push on the hand-written {@link PlainFloorFreeList}: the reference for the confined
 * arenas' pairs, as {@link FloorBenchmark} is for the shared ones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PlainFloorBenchmark {

    private PlainFloorFreeList list;

    /** On the benchmark thread: the list's segment is confined to it. */
    @Setup
    public void open() {
        list = new PlainFloorFreeList();
    }

    @TearDown
    public void close() {
        list.close();
    }

    @Benchmark
    public long pair() {
        long chunk = list.pop();
        list.push(chunk);
        return chunk;
    }
}

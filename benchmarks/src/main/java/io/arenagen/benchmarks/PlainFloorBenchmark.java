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
 * arenas' pairs, as {@link FloorBenchmark} is for the shared ones; and on
 * {@link FieldHeadFloorFreeList}, whose head is a Java field ({@link #fieldHeadPair}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PlainFloorBenchmark {

    private PlainFloorFreeList list;
    private FieldHeadFloorFreeList fieldHead;

    /** On the benchmark thread: the lists' segments are confined to it. */
    @Setup
    public void open() {
        list = new PlainFloorFreeList();
        fieldHead = new FieldHeadFloorFreeList();
    }

    @TearDown
    public void close() {
        list.close();
        fieldHead.close();
    }

    @Benchmark
    public long pair() {
        long chunk = list.pop();
        list.push(chunk);
        return chunk;
    }

    /** The same pair with the head in a Java field: only the link is in memory. */
    @Benchmark
    public long fieldHeadPair() {
        long chunk = fieldHead.pop();
        fieldHead.push(chunk);
        return chunk;
    }
}

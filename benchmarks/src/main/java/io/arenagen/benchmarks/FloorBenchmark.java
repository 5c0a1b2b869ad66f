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
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pop + push on the hand-written {@link FloorFreeList}: the reference for every pair benchmark.
 * {@link #casPair()} is the cost underneath it: the two successful CAS of a pair on a heap word,
 * with no memory segment, list or link in between.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FloorBenchmark {

    private FloorFreeList list;
    private final AtomicLong word = new AtomicLong();

    @Setup
    public void open() {
        list = new FloorFreeList();
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

    @Benchmark
    public long casPair() {
        long value = word.get();
        word.compareAndExchangeAcquire(value, value + 1);
        return word.compareAndExchangeRelease(value + 1, value + 2);
    }
}

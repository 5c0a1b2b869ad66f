package io.arenagen.benchmarks;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Creating and closing an arena: map (populated), initialize every pool's free list, unmap. The
 * large one is 1 000 000 chunks of 64 bytes (64 MB, a million links written), the small one the
 * 3-pool configuration of the pair benchmarks (1024 chunks each of 64, 256 and 1024 bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CreationBenchmark {

    /** Chunks of the large arena. */
    static final long MILLION = 1_000_000;

    @Benchmark
    public long generatedMillion() {
        try (Million64Impl arena = new Million64Impl()) {
            return arena.totalSize();
        }
    }

    @Benchmark
    public long generatedSmall() {
        try (Bench3Impl arena = new Bench3Impl()) {
            return arena.totalSize();
        }
    }

    @Benchmark
    public long runtimeMillion() {
        try (SlabAllocator arena = SlabArenas.local(MILLION, 64)) {
            return arena.totalSize();
        }
    }

    @Benchmark
    public long runtimeSmall() {
        try (SlabAllocator arena = SlabArenas.local(Requests.COUNT, Requests.SIZES_3)) {
            return arena.totalSize();
        }
    }
}

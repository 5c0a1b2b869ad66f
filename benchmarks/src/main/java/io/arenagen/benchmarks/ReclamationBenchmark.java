package io.arenagen.benchmarks;

import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
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

import java.util.concurrent.TimeUnit;

/**
 * The cost of ownership (issue 22): one thread, one allocate + deallocate pair of the offset API on the 3-pool
 * configuration in shared memory, first and last pool, with reclamation on (one plain owner store after the
 * pop, one before the push) and off, generated ({@link BenchReclaiming3} against {@link BenchShared3}) and
 * run-time ({@code SlabArenas.shared} with and without {@code ShmOptions.withReclamation()}), all in one run
 * so that the ratios compare like with like. Budget: with at most 1.3 × without; every pair 0 B/op
 * ({@code -prof gc}). Each arena has its own object, unlinked (with its companion) at teardown.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReclamationBenchmark {

    @Param({Requests.P3_FIRST, Requests.P3_LAST})
    public String request;

    private long size;
    private final String[] names = {ShmNames.unique(), ShmNames.unique(), ShmNames.unique(), ShmNames.unique()};
    private BenchReclaiming3Impl generatedOn;
    private BenchShared3Impl generatedOff;
    private SlabAllocator runtimeOn;
    private SlabAllocator runtimeOff;

    @Setup
    public void open() {
        size = Requests.size(request);
        generatedOn = new BenchReclaiming3Impl(names[0]);
        generatedOff = new BenchShared3Impl(names[1]);
        runtimeOn = SlabArenas.shared(names[2], ShmOptions.defaults().withReclamation(), Requests.COUNT,
                Requests.SIZES_3);
        runtimeOff = SlabArenas.shared(names[3], Requests.COUNT, Requests.SIZES_3);
    }

    @TearDown
    public void close() {
        generatedOn.close();
        generatedOff.close();
        runtimeOn.close();
        runtimeOff.close();
        for (String name : names) {
            SharedMemory.unlink(name);
        }
    }

    @Benchmark
    public long generatedOn() {
        long offset = generatedOn.allocateOffset(size);
        generatedOn.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long generatedOff() {
        long offset = generatedOff.allocateOffset(size);
        generatedOff.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long runtimeOn() {
        long offset = runtimeOn.allocateOffset(size);
        runtimeOn.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long runtimeOff() {
        long offset = runtimeOff.allocateOffset(size);
        runtimeOff.deallocateOffset(offset);
        return offset;
    }
}

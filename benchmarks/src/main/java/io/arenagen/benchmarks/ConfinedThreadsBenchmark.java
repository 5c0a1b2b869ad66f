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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Thread per core: {@value #THREADS} threads doing allocate + deallocate pairs (64-byte requests to
 * the 3-pool run-time arena), in total pairs per microsecond, three ways: each thread with its own
 * confined arena (plain loads and stores), each with its own shared arena (two uncontended CAS per
 * pair), and all sharing one arena (two contended CAS per pair, as in {@link ContendedBenchmark}).
 * The first two separate what confinement saves from what contention costs.
 */
@Threads(ConfinedThreadsBenchmark.THREADS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ConfinedThreadsBenchmark {

    /** One per core of the machine the budget was set on; more threads than cores measures the scheduler. */
    static final int THREADS = 2;

    private static final long SIZE = 64;

    /** A confined arena per thread, set up on (and owned by) that thread. */
    @State(Scope.Thread)
    public static class OwnConfined {
        SlabAllocator arena;

        @Setup
        public void open() {
            arena = SlabArenas.confined(Requests.COUNT, Requests.SIZES_3);
        }

        @TearDown
        public void close() {
            arena.close();
        }
    }

    /** A shared (default) arena per thread: no contention, but the CAS of the shared free list. */
    @State(Scope.Thread)
    public static class OwnShared {
        SlabAllocator arena;

        @Setup
        public void open() {
            arena = SlabArenas.local(Requests.COUNT, Requests.SIZES_3);
        }

        @TearDown
        public void close() {
            arena.close();
        }
    }

    /** One shared (default) arena for all threads. */
    @State(Scope.Benchmark)
    public static class OneShared {
        SlabAllocator arena;

        @Setup
        public void open() {
            arena = SlabArenas.local(Requests.COUNT, Requests.SIZES_3);
        }

        @TearDown
        public void close() {
            arena.close();
        }
    }

    @Benchmark
    public long ownConfined(OwnConfined own) {
        long offset = own.arena.allocateOffset(SIZE);
        own.arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long ownShared(OwnShared own) {
        long offset = own.arena.allocateOffset(SIZE);
        own.arena.deallocateOffset(offset);
        return offset;
    }

    @Benchmark
    public long oneShared(OneShared one) {
        long offset = one.arena.allocateOffset(SIZE);
        one.arena.deallocateOffset(offset);
        return offset;
    }
}

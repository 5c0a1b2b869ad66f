package io.arenagen.benchmarks;

import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.SlabAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Allocate + deallocate pairs (64 bytes, 3-pool configuration) on a shared-memory arena, measured in
 * this process while, with {@code peer = hammer}, a second JVM ({@link ShmHammer}) does the same
 * pairs on the same pool of the same shared object: the cost of cross-process contention on the
 * pool's head word. {@code peer = none} is the same arena used by this process alone. Both kinds of
 * arena are held as {@code SlabAllocator} here; each fork loads only one of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TwoProcessBenchmark {

    private static final long SIZE = 64;

    @Param({"none", "hammer"})
    public String peer;

    @Param({"generated", "runtime"})
    public String arena;

    private String name;
    private SlabAllocator shared;
    private ChildJvm hammer;

    @Setup(Level.Trial)
    public void open() throws IOException {
        name = ShmNames.unique();
        shared = ShmHammer.attach(name, arena);
        if ("hammer".equals(peer)) {
            hammer = ChildJvm.start(List.of("--enable-native-access=ALL-UNNAMED"), ShmHammer.class,
                    List.of(name, arena));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            if (hammer != null) {
                System.err.println("hammer process: " + hammer.stop());
            }
        } finally {
            shared.close();
            SharedMemory.unlink(name);
        }
    }

    @Benchmark
    public long pair() {
        long offset = shared.allocateOffset(SIZE);
        shared.deallocateOffset(offset);
        return offset;
    }
}

package io.arenagen.benchmarks;

import io.arenagen.runtime.queue.RingPolicy;
import io.arenagen.runtime.queue.StructRing;
import io.arenagen.runtime.queue.StructRings;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

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

/**
 * One thread, one 40-byte struct element (two of its words written, one read) through a queue and back: in place
 * (claim, write, commit; peek, read, release) and copying (offer and poll of a segment), for SPSC and MPSC.
 * Run with {@code -prof gc}: none of it allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class StructRingBenchmark {

    private static final long BYTES = 40;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;

    private StructRing spsc;
    private StructRing mpsc;
    private Arena arena;
    private MemorySegment buffer;
    private long sequence;

    @Setup
    public void setUp() {
        spsc = StructRings.local(RingPolicy.SPSC, 1024, BYTES, 8);
        mpsc = StructRings.local(RingPolicy.MPSC, 1024, BYTES, 8);
        arena = Arena.ofConfined();
        buffer = arena.allocate(BYTES, 8);
    }

    @TearDown
    public void tearDown() {
        spsc.close();
        mpsc.close();
        arena.close();
    }

    private static long inPlace(StructRing ring, long value) {
        long at = ring.claim();
        ring.memory().set(WORD, at, value);
        ring.memory().set(WORD, at + 32, ~value);
        ring.commit(at);
        long next = ring.peek();
        long read = ring.memory().get(WORD, next);
        ring.release(next);
        return read;
    }

    private long copying(StructRing ring) {
        buffer.set(WORD, 0, ++sequence);
        ring.offer(buffer, 0);
        ring.poll(buffer, 0);
        return buffer.get(WORD, 0);
    }

    @Benchmark
    public long spscInPlace() {
        return inPlace(spsc, ++sequence);
    }

    @Benchmark
    public long mpscInPlace() {
        return inPlace(mpsc, ++sequence);
    }

    @Benchmark
    public long spscCopying() {
        return copying(spsc);
    }

    @Benchmark
    public long mpscCopying() {
        return copying(mpsc);
    }
}

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

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * Typed allocation plus the generated offset accessors of {@code QuoteStruct}: every field written,
 * the sequence published with a release store and compared-and-set, fields read back, the chunk
 * freed. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be 0 B/op, the accessors
 * allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StructAccessBenchmark {

    private QuoteArena arena;
    private MemorySegment memory;
    private long sequence;

    @Setup
    public void open() {
        arena = new QuoteArenaImpl();
        memory = arena.memory();
    }

    @TearDown
    public void close() {
        arena.close();
    }

    @Benchmark
    public long allocateWriteReadFree() {
        long offset = arena.allocateQuote();
        long next = ++sequence;
        QuoteStruct.setTime(memory, offset, next * 1_000L);
        QuoteStruct.setPrice(memory, offset, 101.25);
        QuoteStruct.setSize(memory, offset, 300);
        QuoteStruct.setSymbolAt(memory, offset, 0, (byte) 'Q');
        QuoteStruct.setSequenceRelease(memory, offset, next);
        boolean claimed = QuoteStruct.compareAndSetSequence(memory, offset, next, -next);
        long read = QuoteStruct.getSequenceAcquire(memory, offset) + QuoteStruct.getTime(memory, offset)
                + QuoteStruct.getSize(memory, offset) + QuoteStruct.getSymbolAt(memory, offset, 0)
                + (long) QuoteStruct.getPrice(memory, offset) + (claimed ? 1 : 0);
        arena.deallocateOffset(offset);
        return read;
    }
}

package io.arenagen.benchmarks;

import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.LongRings;
import io.arenagen.runtime.queue.RingPolicy;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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
 * Issue 21's single-thread budget: offer + poll of one chunk offset, against Agrona 2.6's ring buffers
 * writing and reading one 8-byte message (the same work a chunk offset needs). One thread, no contention:
 * the cost of the protocol itself. Agrona needs {@code --add-exports java.base/jdk.internal.misc}; the
 * queues need native access only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports=" + RingBenchmark.MISC})
public class RingBenchmark {

    /** What Agrona needs exported to run. */
    static final String MISC = "java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final int CAPACITY = 1024;
    /** Agrona's buffer: 1024 slots' worth of 8-byte messages with their 8-byte headers, a power of two. */
    private static final int AGRONA_BYTES = 16 * CAPACITY;

    private LongRing spsc;
    private LongRing mpsc;
    private LongRing mpmc;
    private SpscOffsetsImpl generatedSpsc;
    private MpscOffsetsImpl generatedMpsc;
    private OneToOneRingBuffer oneToOne;
    private ManyToOneRingBuffer manyToOne;
    private UnsafeBuffer message;
    private final Reader reader = new Reader();
    private long offset;

    /** Keeps the last message's value, so that nothing is dead code. */
    static final class Reader implements MessageHandler {
        long last;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            last = buffer.getLong(index);
        }
    }

    @Setup
    public void setUp() {
        spsc = LongRings.local(RingPolicy.SPSC, CAPACITY);
        mpsc = LongRings.local(RingPolicy.MPSC, CAPACITY);
        mpmc = LongRings.local(RingPolicy.MPMC, CAPACITY);
        generatedSpsc = new SpscOffsetsImpl();
        generatedMpsc = new MpscOffsetsImpl();
        oneToOne = new OneToOneRingBuffer(agronaBuffer());
        manyToOne = new ManyToOneRingBuffer(agronaBuffer());
        message = new UnsafeBuffer(ByteBuffer.allocateDirect(Long.BYTES));
    }

    private static UnsafeBuffer agronaBuffer() {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(AGRONA_BYTES + RingBufferDescriptor.TRAILER_LENGTH));
    }

    @TearDown
    public void tearDown() {
        spsc.close();
        mpsc.close();
        mpmc.close();
        generatedSpsc.close();
        generatedMpsc.close();
    }

    /** The next chunk offset: 64-byte chunks of a 1 MiB arena, as an application would send them. */
    private long nextOffset() {
        offset = (offset + 64) & 0xF_FFFF;
        return offset;
    }

    @Benchmark
    public long spscOfferPoll() {
        spsc.offer(nextOffset());
        return spsc.poll(-1);
    }

    @Benchmark
    public long mpscOfferPoll() {
        mpsc.offer(nextOffset());
        return mpsc.poll(-1);
    }

    @Benchmark
    public long mpmcOfferPoll() {
        mpmc.offer(nextOffset());
        return mpmc.poll(-1);
    }

    @Benchmark
    public long generatedSpscOfferPoll() {
        generatedSpsc.offer(nextOffset());
        return generatedSpsc.poll(-1);
    }

    @Benchmark
    public long generatedMpscOfferPoll() {
        generatedMpsc.offer(nextOffset());
        return generatedMpsc.poll(-1);
    }

    @Benchmark
    public long agronaOneToOneWriteRead() {
        message.putLong(0, nextOffset());
        oneToOne.write(1, message, 0, Long.BYTES);
        oneToOne.read(reader, 1);
        return reader.last;
    }

    @Benchmark
    public long agronaManyToOneWriteRead() {
        message.putLong(0, nextOffset());
        manyToOne.write(1, message, 0, Long.BYTES);
        manyToOne.read(reader, 1);
        return reader.last;
    }
}

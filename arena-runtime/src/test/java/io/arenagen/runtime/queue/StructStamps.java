package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.fail;

import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.LongConsumer;

/**
 * Struct elements for tests that detect torn copies as well as loss and duplication: word 0 of an element is
 * a {@link RingLedger} stamp, every further 8-byte word {@code i} is {@code stamp ^ (i × golden ratio)}, so an
 * element whose words came from two different offers (or from a slot that was overwritten while being read)
 * fails {@link #read}.
 */
final class StructStamps {

    private static final long MIX = 0x9E37_79B9_7F4A_7C15L;

    private StructStamps() {
    }

    /** Writes the element of {@code stamp}, {@code bytes} long (a multiple of 8), at {@code offset}. */
    static void write(MemorySegment memory, long offset, long bytes, long stamp) {
        for (long i = 0; i < bytes / Long.BYTES; i++) {
            memory.set(LittleEndian.LONG_UNALIGNED, offset + i * Long.BYTES, stamp ^ (i * MIX));
        }
    }

    /** The stamp of the element at {@code offset}; fails if its words are not all of one stamp. */
    static long read(MemorySegment memory, long offset, long bytes) {
        long stamp = memory.get(LittleEndian.LONG_UNALIGNED, offset);
        for (long i = 1; i < bytes / Long.BYTES; i++) {
            long word = memory.get(LittleEndian.LONG_UNALIGNED, offset + i * Long.BYTES);
            if (word != (stamp ^ (i * MIX))) {
                fail("a torn element: word " + i + " is 0x" + Long.toHexString(word) + " in the element of stamp 0x"
                        + Long.toHexString(stamp));
            }
        }
        return stamp;
    }

    /**
     * Offers the element of {@code stamp}: in place (claim, write, commit) or by copy through {@code buffer},
     * waiting at most {@code waitNanos}; false if the queue stayed full.
     */
    static boolean offer(StructRing ring, MemorySegment buffer, long stamp, boolean inPlace, long waitNanos) {
        long bytes = ring.elementSize();
        if (inPlace) {
            long at = ring.claim(waitNanos, IdleStrategy.BACKOFF);
            if (at < 0) {
                return false;
            }
            write(ring.memory(), at, bytes, stamp);
            ring.commit(at);
            return true;
        }
        write(buffer, 0, bytes, stamp);
        return ring.offer(buffer, 0, waitNanos, IdleStrategy.BACKOFF);
    }

    /**
     * Offers the stamps {@code (producer, 0 .. count - 1)}, alternating in-place claims and copying offers.
     *
     * @return {@code count}, or the sequence number at which the queue stayed full for {@code waitNanos}
     */
    static int produce(StructRing ring, int producer, int count, long waitNanos) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(ring.elementSize());
            for (int sequence = 0; sequence < count; sequence++) {
                if (!offer(ring, buffer, RingLedger.stamp(producer, sequence), (sequence & 1) == 0, waitNanos)) {
                    return sequence;
                }
            }
            return count;
        }
    }

    /**
     * Takes the oldest element, in place (peek, read, release) or by copy into {@code buffer}, and hands its
     * stamp to {@code sink}; false if none was ready.
     */
    static boolean take(StructRing ring, MemorySegment buffer, boolean inPlace, LongConsumer sink) {
        long bytes = ring.elementSize();
        if (inPlace) {
            long at = ring.peek();
            if (at < 0) {
                return false;
            }
            long stamp = read(ring.memory(), at, bytes);
            ring.release(at);
            sink.accept(stamp);
            return true;
        }
        if (!ring.poll(buffer, 0)) {
            return false;
        }
        sink.accept(read(buffer, 0, bytes));
        return true;
    }
}

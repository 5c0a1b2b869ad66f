package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

import java.util.Objects;

/**
 * {@code Mpmc}: many producers, many consumers. A consumer loads tail relaxed and the slot's sequence word
 * with acquire; at {@code seq == tail + 1} it copies the element, then CASes tail (acquire) to own it and
 * frees the slot for the next lap ({@code seq = tail + capacity}, release). A batch poll copies the ready
 * run and claims it with one CAS, as C++ does. A batch offer is a run of single offers: each claims only
 * a slot it saw free, so it never waits for a consumer between a CAS and its release store (the C++ batch
 * push claims a range first and then spins on each slot, unbounded, if such a consumer died).
 */
final class MpmcLongRing extends SequencedLongRing {

    MpmcLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
    }

    @Override
    public long poll(long ifEmpty) {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        for (;;) {
            long slot = seqOffset(tail);
            long lag = (long) LONG.getAcquire(memory, slot) - (tail + 1);
            if (lag == 0) {
                long value = memory.get(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET));
                long witness = (long) LONG.compareAndExchangeAcquire(memory, RingHeader.TAIL_OFFSET, tail, tail + 1);
                if (witness == tail) {
                    LONG.setRelease(memory, slot, tail + capacity);
                    return value;
                }
                tail = witness;
            } else if (lag < 0) {
                return ifEmpty;
            } else {
                long now = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
                if (now == tail) {
                    throw corrupt("sequence word", tail, lag + tail + 1);
                }
                tail = now;
            }
        }
    }

    @Override
    public int offer(long[] values, int from, int length) {
        Objects.checkFromIndexSize(from, length, values.length);
        int offered = 0;
        while (offered < length && offer(values[from + offered])) {
            offered++;
        }
        return offered;
    }

    @Override
    public int poll(long[] into, int from, int max) {
        Objects.checkFromIndexSize(from, max, into.length);
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        for (;;) {
            long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
            long wanted = Math.min(max, Math.clamp(head - tail, 0, capacity));
            int ready = 0;
            for (; ready < wanted; ready++) {
                long slot = seqOffset(tail + ready);
                if ((long) LONG.getAcquire(memory, slot) != tail + ready + 1) {
                    break;
                }
                into[from + ready] = memory.get(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET));
            }
            if (ready == 0) {
                return 0;
            }
            long witness = (long) LONG.compareAndExchangeAcquire(memory, RingHeader.TAIL_OFFSET, tail, tail + ready);
            if (witness == tail) {
                for (int i = 0; i < ready; i++) {
                    LONG.setRelease(memory, seqOffset(tail + i), tail + i + capacity);
                }
                return ready;
            }
            tail = witness;
        }
    }
}

package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@code Mpmc}: many producers, many consumers. A consumer loads tail relaxed and the slot's sequence word
 * with acquire; at {@code seq == tail + 1} it copies the element, then CASes tail (acquire) to own it and
 * frees the slot for the next lap ({@code seq = tail + capacity}, release). A batch poll copies the ready
 * run and claims it with one CAS, as C++ does. A batch offer is a run of single offers: each claims only
 * a slot it saw free, so it never waits for a consumer between a CAS and its release store (the C++ batch
 * push claims a range first and then spins on each slot, unbounded, if such a consumer died).
 *
 * <p>Public so that a generated {@code @Ring} class of this policy can extend it and run these operations
 * itself, with no queue object to delegate to (every operation is final); everyone else gets one from
 * {@link LongRings}.
 */
public class MpmcLongRing extends SequencedLongRing {

    /**
     * For generated subclasses: the queue of {@code layout} in private memory ({@code name == null}) or in the
     * shared object {@code name}, created or attached to.
     *
     * @throws IllegalArgumentException if {@code layout} is not an MPMC queue of 8-byte values, or the name
     *         breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped or is not this queue
     */
    protected MpmcLongRing(RingLayout layout, String name, ShmOptions options) {
        this(RingMemory.require(layout, RingPolicy.MPMC, Long.BYTES, "8-byte values"),
                RingMemory.open(layout, name, options), RingMemory.initTimeoutNanos(name, options));
    }

    MpmcLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
    }

    /**
     * The uncontended case in few accesses, so that the JIT inlines it into the caller: the slot's sequence
     * word says free for this position and the claim's CAS wins; everything else is the general loop.
     */
    @Override
    public final boolean offer(long value) {
        MemorySegment m = memory;
        long head = (long) LONG.getOpaque(m, RingHeader.HEAD_OFFSET);
        long slot = seqOffset(head);
        if ((long) LONG.getAcquire(m, slot) == head
                && (long) LONG.compareAndExchangeAcquire(m, RingHeader.HEAD_OFFSET, head, head + 1) == head) {
            publish(m, slot, head, value);
            return true;
        }
        return offerContended(value);
    }

    /**
     * The uncontended case first, so that the JIT inlines it: the slot at the tail is ready and the CAS that
     * owns it wins. Everything else (empty, another consumer first) is {@code pollContended}.
     */
    @Override
    public final long poll(long ifEmpty) {
        MemorySegment m = memory;
        long tail = (long) LONG.getOpaque(m, RingHeader.TAIL_OFFSET);
        long slot = seqOffset(tail);
        long lag = (long) LONG.getAcquire(m, slot) - (tail + 1);
        if (lag == 0) {
            long value = m.get(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET));
            if ((long) LONG.compareAndExchangeAcquire(m, RingHeader.TAIL_OFFSET, tail, tail + 1) == tail) {
                LONG.setRelease(m, slot, tail + capacity);
                return value;
            }
        } else if (lag < 0) {
            return ifEmpty;
        }
        return pollContended(ifEmpty, tail);
    }

    private long pollContended(long ifEmpty, long from) {
        long tail = from;
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
    public final int offer(long[] values, int from, int length) {
        Objects.checkFromIndexSize(from, length, values.length);
        int offered = 0;
        while (offered < length && offer(values[from + offered])) {
            offered++;
        }
        return offered;
    }

    @Override
    public final int poll(long[] into, int from, int max) {
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

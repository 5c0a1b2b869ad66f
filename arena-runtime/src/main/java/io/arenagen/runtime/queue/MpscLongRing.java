package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@code Mpsc}: many producers, one consumer thread. The consumer loads tail relaxed, the slot's sequence
 * word with acquire, and takes the element when {@code seq == tail + 1}; it then frees the slot for the
 * next lap ({@code seq = tail + capacity}, release) before it moves the tail (release), so a producer that
 * sees the tail moved finds the slot free. A batch offer claims a range by one CAS of head against the
 * tail (acquire), which that order makes safe, as the C++ batch push does, and so does a single offer: by
 * the tail, not by the sequence word, since in the consumer's pause between freeing a slot and moving the
 * tail a claim by the sequence word would move head past {@code tail + capacity}, where the C++ batch
 * push's room wraps around. (The general loop, after a lost CAS, checks both.)
 *
 * <p>Two copies of the tail in this object spare the uncontended offer and poll a load of the shared
 * tail, and neither is trusted beyond what it can prove. The producers' {@code tailHint} is an older value
 * of the tail, never ahead of it (the tail only grows), so room by the hint is room by the tail, and that
 * proves the slot free (see {@link #offer(long)}); only when the hint says full is the tail read. The
 * consumer's {@code nextTail} is the position it expects to poll: a slot whose sequence word says
 * "published, not consumed" for exactly that position proves the tail is there (a consumed slot's word
 * only grows, never back to that value), so a copy gone stale (another handle consumed,
 * {@link #skipStalled(long)} moved on) fails that test and the shared tail is read.
 *
 * <p>Public so that a generated {@code @Ring} class of this policy can extend it and run these operations
 * itself, with no queue object to delegate to (every operation is final); everyone else gets one from
 * {@link LongRings}.
 */
public class MpscLongRing extends SequencedLongRing {

    /**
     * The position the consumer polls next, as far as this handle knows; only the consumer touches it (a cache
     * line away from the producers' fields: {@link AbstractLongRing}).
     */
    private long nextTail;

    /**
     * For generated subclasses: the queue of {@code layout} in private memory ({@code name == null}) or in the
     * shared object {@code name}, created or attached to.
     *
     * @throws IllegalArgumentException if {@code layout} is not an MPSC queue of 8-byte values, or the name
     *         breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped or is not this queue
     */
    protected MpscLongRing(RingLayout layout, String name, ShmOptions options) {
        this(RingMemory.require(layout, RingPolicy.MPSC, Long.BYTES, "8-byte values"),
                RingMemory.open(layout, name, options), RingMemory.initTimeoutNanos(name, options));
    }

    MpscLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
        this.nextTail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
    }

    /**
     * The uncontended case in four accesses, so that the JIT inlines it into the caller: room by the tail
     * hint, the claim's CAS, the element, the sequence word. Room by the tail proves the slot free without
     * reading its sequence word, because an MPSC consumer (ours, and the C++ one, single or batch) frees a
     * slot before its release store moves the tail past it, and the hint was read with acquire from that
     * tail (and handed between producer threads by release and acquire), so the consumer's read of the old
     * element happens before this write. Everything else (full by the hint, a CAS lost) is the general
     * loop, which reads the sequence word and refreshes the hint.
     */
    @Override
    public final boolean offer(long value) {
        MemorySegment m = memory;
        long head = (long) LONG.getOpaque(m, RingHeader.HEAD_OFFSET);
        if (roomByTailHint(head)
                && (long) LONG.compareAndExchangeAcquire(m, RingHeader.HEAD_OFFSET, head, head + 1) == head) {
            publish(m, seqOffset(head), head, value);
            return true;
        }
        return offerContended(value);
    }

    /** The tail bound of {@link RingCore#tailWithinLap(long)}. */
    @Override
    final boolean tailAllows(long head) {
        return tailWithinLap(head);
    }

    @Override
    public final long poll(long ifEmpty) {
        MemorySegment m = memory;
        long tail = nextTail;
        long slot = seqOffset(tail);
        if ((long) LONG.getAcquire(m, slot) != tail + 1) {
            tail = readyTail();
            if (tail < 0) {
                return ifEmpty;
            }
            slot = seqOffset(tail);
        }
        long value = m.get(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET));
        LONG.setRelease(m, slot, tail + capacity);
        LONG.setRelease(m, RingHeader.TAIL_OFFSET, tail + 1);
        nextTail = tail + 1;
        return value;
    }

    /**
     * The slot at {@link #nextTail} was not ready: the queue is empty there, or the copy is stale. Reads the
     * shared tail (relaxed: the sequence word's acquire orders the element) and returns it if its slot is
     * ready, else -1.
     */
    private long readyTail() {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        if (tail == nextTail) {
            return -1;
        }
        nextTail = tail;
        return (long) LONG.getAcquire(memory, seqOffset(tail)) == tail + 1 ? tail : -1;
    }

    @Override
    public final int offer(long[] values, int from, int length) {
        Objects.checkFromIndexSize(from, length, values.length);
        if (length == 0) {
            return 0;
        }
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        for (;;) {
            long tail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
            long used = head - tail;
            // Unsigned: positions that are inconsistent (crafted) read as full, never as room.
            long room = Long.compareUnsigned(used, capacity) >= 0 ? 0 : capacity - used;
            if (room == 0) {
                countFull();
                return 0;
            }
            int count = (int) Math.min(length, room);
            long witness = (long) LONG.compareAndExchangeAcquire(memory, RingHeader.HEAD_OFFSET, head, head + count);
            if (witness == head) {
                for (int i = 0; i < count; i++) {
                    long slot = seqOffset(head + i);
                    memory.set(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET), values[from + i]);
                    LONG.setRelease(memory, slot, head + i + 1);
                }
                return count;
            }
            head = witness;
        }
    }

    @Override
    public final int poll(long[] into, int from, int max) {
        Objects.checkFromIndexSize(from, max, into.length);
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
        long ready = Math.min(max, Math.clamp(head - tail, 0, capacity));
        int polled = 0;
        for (; polled < ready; polled++) {
            long slot = seqOffset(tail + polled);
            if ((long) LONG.getAcquire(memory, slot) != tail + polled + 1) {
                break;
            }
            into[from + polled] = memory.get(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET));
            LONG.setRelease(memory, slot, tail + polled + capacity);
        }
        if (polled > 0) {
            LONG.setRelease(memory, RingHeader.TAIL_OFFSET, tail + polled);
        }
        nextTail = tail + polled;
        return polled;
    }
}

package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

import java.util.Objects;

/**
 * {@code Mpsc}: many producers, one consumer thread. The consumer loads tail relaxed, the slot's sequence
 * word with acquire, and takes the element when {@code seq == tail + 1}; it then frees the slot for the
 * next lap ({@code seq = tail + capacity}, release) before it moves the tail (release), so a producer that
 * sees the tail moved finds the slot free. A batch offer claims a range by one CAS of head against the
 * tail (acquire), which that order makes safe, as the C++ batch push does. A single offer checks the tail
 * too, not only the sequence word: in the consumer's pause between freeing a slot and moving the tail it
 * would otherwise move head past {@code tail + capacity}, where the C++ batch push's room wraps around.
 */
final class MpscLongRing extends SequencedLongRing {

    MpscLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
    }

    /** The tail bound of {@link RingCore#tailWithinLap(long)}. */
    @Override
    boolean tailAllows(long head) {
        return tailWithinLap(head);
    }

    @Override
    public long poll(long ifEmpty) {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        long slot = seqOffset(tail);
        if ((long) LONG.getAcquire(memory, slot) != tail + 1) {
            return ifEmpty;
        }
        long value = memory.get(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET));
        LONG.setRelease(memory, slot, tail + capacity);
        LONG.setRelease(memory, RingHeader.TAIL_OFFSET, tail + 1);
        return value;
    }

    @Override
    public int offer(long[] values, int from, int length) {
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
    public int poll(long[] into, int from, int max) {
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
        return polled;
    }
}

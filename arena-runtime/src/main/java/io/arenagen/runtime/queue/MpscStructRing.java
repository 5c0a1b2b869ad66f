package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

/**
 * {@code Mpsc} with struct elements: many producers, one consumer thread. {@link #peek()} loads tail relaxed
 * and the slot's sequence word with acquire, and hands out the element when {@code seq == tail + 1};
 * {@link #release(long)} frees the slot for the next lap ({@code seq = tail + capacity}, release) before it
 * moves the tail (release), as the C++ pop and {@link MpscLongRing} do.
 */
final class MpscStructRing extends SequencedStructRing {

    MpscStructRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
    }

    @Override
    public long peek() {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        long slot = slot(tail);
        if ((long) LONG.getAcquire(memory, absolute(slot)) != tail + 1) {
            return -1;
        }
        return slot + dataInSlot;
    }

    @Override
    public void release(long offset) {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        long slot = slot(tail);
        if (offset != slot + dataInSlot || (long) LONG.getAcquire(memory, absolute(slot)) != tail + 1) {
            throw notClaimed("release", offset, "the peeked element (the one at tail, " + (slot + dataInSlot)
                    + ", after peek() found it published)");
        }
        // Release, twice: our plain reads of the element happen before a producer reuses the slot.
        LONG.setRelease(memory, absolute(slot), tail + capacity);
        LONG.setRelease(memory, RingHeader.TAIL_OFFSET, tail + 1);
    }
}

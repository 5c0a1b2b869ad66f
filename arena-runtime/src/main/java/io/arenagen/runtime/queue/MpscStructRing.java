package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;

/**
 * {@code Mpsc} with struct elements: many producers, one consumer thread. {@link #peek()} loads tail relaxed
 * and the slot's sequence word with acquire, and hands out the element when {@code seq == tail + 1};
 * {@link #release(long)} frees the slot for the next lap ({@code seq = tail + capacity}, release) before it
 * moves the tail (release), as the C++ pop and {@link MpscLongRing} do.
 *
 * <p>Public so that a generated {@code @Ring} class of this policy can extend it and run these operations
 * itself, with no queue object to delegate to (every operation is final); everyone else gets one from
 * {@link StructRings}.
 */
public class MpscStructRing extends SequencedStructRing {

    /**
     * For generated subclasses: the queue of {@code layout} in private memory ({@code name == null}) or in the
     * shared object {@code name}, created or attached to.
     *
     * @throws IllegalArgumentException if {@code layout} is not an MPSC queue, or the name breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped or is not this queue
     */
    protected MpscStructRing(RingLayout layout, String name, ShmOptions options) {
        this(RingMemory.require(layout, RingPolicy.MPSC, 0, "struct elements"), RingMemory.open(layout, name, options),
                RingMemory.initTimeoutNanos(name, options));
    }

    MpscStructRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
    }

    /**
     * The uncontended case, as {@link MpscLongRing#offer(long)}: room by the handle's copy of the tail proves
     * the slot free ({@link RingCore#tailWithinLap(long)}), so the claim is the CAS of head alone; everything
     * else is the general claim.
     */
    @Override
    public final long claim() {
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        if (roomByTailHint(head)
                && (long) LONG.compareAndExchangeAcquire(memory, RingHeader.HEAD_OFFSET, head, head + 1) == head) {
            return slot(head) + dataInSlot;
        }
        return claimContended();
    }

    @Override
    public final long peek() {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        long slot = slot(tail);
        if ((long) LONG.getAcquire(memory, absolute(slot)) != tail + 1) {
            return -1;
        }
        return slot + dataInSlot;
    }

    @Override
    public final void release(long offset) {
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

package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;

/**
 * {@code Mpmc} with struct elements: many producers, many consumers. {@link #peek()} must own the slot before
 * it hands it out, or two consumers would read (and both release) one element: it loads tail relaxed and the
 * slot's sequence word with acquire and, at {@code seq == tail + 1}, CASes tail (acquire) to take the slot.
 * {@link #release(long)} frees it for the next lap ({@code seq = position + capacity}, release). That is the
 * C++ pop split in two (the C++ pop copies before its CAS and frees right after; here the copy, by the caller
 * or by {@link #poll}, happens between the CAS and the free, which is equally safe: the slot is ours then).
 * Until the release, producers that come round to the slot find the queue full there.
 *
 * <p>Public so that a generated {@code @Ring} class of this policy can extend it and run these operations
 * itself, with no queue object to delegate to (every operation is final); everyone else gets one from
 * {@link StructRings}.
 */
public class MpmcStructRing extends SequencedStructRing {

    /**
     * For generated subclasses: the queue of {@code layout} in private memory ({@code name == null}) or in the
     * shared object {@code name}, created or attached to.
     *
     * @throws IllegalArgumentException if {@code layout} is not an MPMC queue, or the name breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped or is not this queue
     */
    protected MpmcStructRing(RingLayout layout, String name, ShmOptions options) {
        this(RingMemory.require(layout, RingPolicy.MPMC, 0, "struct elements"), RingMemory.open(layout, name, options),
                RingMemory.initTimeoutNanos(name, options));
    }

    MpmcStructRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
    }

    @Override
    public final long claim() {
        return claimContended();
    }

    @Override
    public final long peek() {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        for (;;) {
            long slot = slot(tail);
            long lag = (long) LONG.getAcquire(memory, absolute(slot)) - (tail + 1);
            if (lag == 0) {
                long witness = (long) LONG.compareAndExchangeAcquire(memory, RingHeader.TAIL_OFFSET, tail, tail + 1);
                if (witness == tail) {
                    return slot + dataInSlot;
                }
                tail = witness;
            } else if (lag < 0) {
                return -1;
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
    public final void release(long offset) {
        long slot = slotOf(offset, "release");
        // Opaque: the word reads position + 1 from the publish this thread's peek acquired until we free it.
        long position = (long) LONG.getOpaque(memory, absolute(slot)) - 1;
        if (slot(position) != slot || (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET) - position <= 0) {
            throw notClaimed("release", offset, "a peeked, unreleased element (its slot's sequence word reads "
                    + (position + 1) + ")");
        }
        // Release: our plain reads of the element happen before a producer reuses the slot.
        LONG.setRelease(memory, absolute(slot), position + capacity);
    }
}

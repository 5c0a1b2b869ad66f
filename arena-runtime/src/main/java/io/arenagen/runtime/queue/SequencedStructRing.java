package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

/**
 * The producers' side of {@code Mpsc} and {@code Mpmc} with struct elements, Vyukov's protocol as in
 * {@link SequencedLongRing}: {@link #claim()} loads head relaxed and the slot's sequence word with acquire;
 * {@code seq == head} means the slot is free for this position, so it CASes head (acquire) and hands out the
 * slot; the caller writes the element plainly; {@link #commit(long)} publishes it with a release store of
 * {@code seq = position + 1}. MPSC claims also require head within one lap of the tail
 * ({@link RingCore#tailWithinLap(long)}), and their uncontended case claims by that alone (see
 * {@link MpscStructRing#claim()}).
 *
 * <p>Commit learns the position from the slot's sequence word, which holds the claimed position until it is
 * published (nobody else writes it meanwhile), so producers keep no per-thread state; it refuses an offset
 * whose slot is not claimed and unpublished (a double commit, a free slot, a foreign offset).
 */
abstract class SequencedStructRing extends AbstractStructRing {

    private final boolean boundedByTail;

    SequencedStructRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
        this.boundedByTail = layout.policy() == RingPolicy.MPSC;
    }

    /**
     * The general claim, for whatever the policy's fast path in {@code claim} did not settle (full, another
     * producer first, a CAS lost, a tail copy too old): by the sequence word, and for MPSC by the tail too.
     */
    final long claimContended() {
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        for (;;) {
            long slot = slot(head);
            long seq = (long) LONG.getAcquire(memory, absolute(slot));
            long lag = seq - head;
            if (lag == 0) {
                if (boundedByTail && !tailWithinLap(head)) {
                    countFull();
                    return -1;
                }
                long witness = (long) LONG.compareAndExchangeAcquire(memory, RingHeader.HEAD_OFFSET, head, head + 1);
                if (witness == head) {
                    return slot + dataInSlot;
                }
                head = witness;
            } else if (lag < 0) {
                countFull();
                return -1;
            } else {
                long now = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
                if (now == head) {
                    throw corrupt("sequence word", head, seq);
                }
                head = now;
            }
        }
    }

    @Override
    public final void commit(long offset) {
        long slot = slotOf(offset, "commit");
        // Opaque: this thread's claim read the word; only its commit (or a skipStalled) changes it.
        long position = (long) LONG.getOpaque(memory, absolute(slot));
        if (slot(position) != slot || (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET) - position <= 0) {
            throw notClaimed("commit", offset, "a claimed, unpublished slot's element (its sequence word reads "
                    + position + ")");
        }
        // Release: the element's plain writes are visible to the consumer that loads seq with acquire.
        LONG.setRelease(memory, absolute(slot), position + 1);
    }

    /** The slot (its sequence word's offset in {@link #memory()}) whose element is at {@code offset}. */
    final long slotOf(long offset, String call) {
        long slot = offset - dataInSlot;
        // Unsigned: a negative offset is out of range too; an 8-aligned word is what the atomics need.
        if (Long.compareUnsigned(slot, slotsBytes) >= 0 || (slot & (Long.BYTES - 1)) != 0) {
            throw notClaimed(call, offset, "an element's offset in this queue's memory (" + dataInSlot + " + a "
                    + "multiple of " + slotSize + ", below " + slotsBytes + ")");
        }
        return slot;
    }
}

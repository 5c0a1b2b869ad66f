package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.MemorySegment;

/**
 * The producers' side of {@code Mpsc} and {@code Mpmc} (Vyukov's bounded queue, as {@code join/queue.hpp}
 * does it): a producer loads head relaxed, the slot's sequence word with acquire; {@code seq == head}
 * means the slot is free for this position, so it CASes head (acquire) to claim it, writes the element
 * plainly and publishes with a release store of {@code seq = head + 1}. {@code seq < head} means the
 * queue is full. {@code seq > head} means another producer was first: reload head and retry; a head that
 * did not move after that is impossible in a queue of this shape (the acquire load of {@code seq}
 * happens after the claim that wrote it) and ends in an error instead of spinning forever.
 *
 * <p>Each policy's {@code offer} tries the uncontended case in as few accesses as it can and falls back
 * to {@link #offerContended(long)}, the loop above: MPMC claims by the sequence word, MPSC by the tail
 * (its consumer frees a slot before it moves the tail; see {@link MpscLongRing}).
 *
 * <p>A producer that died after its CAS and before its release store leaves a claimed, unpublished slot
 * ({@code seq == position}) at which every consumer stops: {@link #stalledPosition()} shows it and
 * {@link #skipStalled(long)} steps over it (both in {@link RingCore}).
 */
abstract class SequencedLongRing extends AbstractLongRing {

    SequencedLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
    }

    /**
     * The general offer, for whatever the policy's fast path in {@code offer} did not settle (full, another
     * producer first, a CAS lost, a tail copy too old): the loop above, from a fresh head.
     */
    final boolean offerContended(long value) {
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        for (;;) {
            long slot = seqOffset(head);
            long seq = (long) LONG.getAcquire(memory, slot);
            long lag = seq - head;
            if (lag == 0) {
                if (!tailAllows(head)) {
                    countFull();
                    return false;
                }
                long witness = (long) LONG.compareAndExchangeAcquire(memory, RingHeader.HEAD_OFFSET, head, head + 1);
                if (witness == head) {
                    publish(memory, slot, head, value);
                    return true;
                }
                head = witness;
            } else if (lag < 0) {
                countFull();
                return false;
            } else {
                long now = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
                if (now == head) {
                    throw corrupt("sequence word", head, seq);
                }
                head = now;
            }
        }
    }

    /** After the claim of {@code head}: the element written plainly, then {@code seq = head + 1} (release). */
    final void publish(MemorySegment m, long slot, long head, long value) {
        m.set(VALUE, slot + (dataBase - RingHeader.SLOTS_OFFSET), value);
        LONG.setRelease(m, slot, head + 1);
    }

    /**
     * Whether the tail lets position {@code head}, whose slot's sequence word already says free, be claimed.
     * Called before the claim's CAS; a policy whose consumers move the tail before they free the slot needs
     * no check.
     */
    boolean tailAllows(long head) {
        return true;
    }
}

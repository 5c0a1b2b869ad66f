package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;

/**
 * {@code Spsc} with struct elements: one producer thread, one consumer thread. Orderings as in C++ and
 * {@link SpscLongRing}: {@link #claim()} reads head relaxed (opaque) and the tail with acquire only when its
 * cached copy says full; the caller writes the element plainly; {@link #commit(long)} publishes it with a
 * release store of head. {@link #peek()} and {@link #release(long)} mirror that with the tail.
 *
 * <p>Public so that a generated {@code @Ring} class of this policy can extend it and run these operations
 * itself, with no queue object to delegate to (every operation is final); everyone else gets one from
 * {@link StructRings}.
 */
public class SpscStructRing extends AbstractStructRing {

    /** The producer's last tail; only the producer thread touches it. */
    private long cachedTail;
    /** The consumer's last head; only the consumer thread touches it. */
    private long cachedHead;
    /** The position the producer claimed and has not committed, -1 if none; the producer's alone. */
    private long claimed = -1;
    /** The position the consumer peeked and has not released, -1 if none; the consumer's alone. */
    private long peeked = -1;

    /**
     * For generated subclasses: the queue of {@code layout} in private memory ({@code name == null}) or in the
     * shared object {@code name}, created or attached to.
     *
     * @throws IllegalArgumentException if {@code layout} is not an SPSC queue, or the name breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped or is not this queue
     */
    protected SpscStructRing(RingLayout layout, String name, ShmOptions options) {
        this(RingMemory.require(layout, RingPolicy.SPSC, 0, "struct elements"), RingMemory.open(layout, name, options),
                RingMemory.initTimeoutNanos(name, options));
    }

    SpscStructRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
        this.cachedTail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        this.cachedHead = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
    }

    @Override
    public final long claim() {
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        // Unsigned: a tail ahead of the head (crafted) reads as full instead of as room.
        if (Long.compareUnsigned(head - cachedTail, capacity) >= 0) {
            cachedTail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
            if (Long.compareUnsigned(head - cachedTail, capacity) >= 0) {
                countFull();
                return -1;
            }
        }
        claimed = head;
        return slot(head);
    }

    @Override
    public final void commit(long offset) {
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        if (claimed != head || offset != slot(head)) {
            throw notClaimed("commit", offset, claimed != head ? "claimed: nothing is" : "the claimed slot's "
                    + "element, " + slot(head));
        }
        claimed = -1;
        // Release: the element's plain writes are visible to the consumer that loads head with acquire.
        LONG.setRelease(memory, RingHeader.HEAD_OFFSET, head + 1);
    }

    @Override
    public final long peek() {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        if (cachedHead == tail) {
            cachedHead = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
            if (cachedHead == tail) {
                return -1;
            }
        }
        peeked = tail;
        return slot(tail);
    }

    @Override
    public final void release(long offset) {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        if (peeked != tail || offset != slot(tail)) {
            throw notClaimed("release", offset, peeked != tail ? "peeked: nothing is" : "the peeked element, "
                    + slot(tail));
        }
        peeked = -1;
        // Release: our plain reads of the element happen before the producer reuses the slot.
        LONG.setRelease(memory, RingHeader.TAIL_OFFSET, tail + 1);
    }
}

package io.arenagen.runtime.queue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What every queue shares, whatever its element: the mapped memory, initialization, sizes, the counters,
 * stall recovery, {@code mlock}, {@code mbind} and {@code close}. None of it is on the offer/poll path;
 * {@link AbstractLongRing} and {@link AbstractStructRing} add the element access and the policies.
 */
abstract class RingCore implements BoundedRing {

    /** Aligned little-endian word access: atomics need alignment, and every word here is 8-aligned. */
    static final VarHandle LONG = LittleEndian.LONG;
    /** Acquire and release access to {@link #tailHint}. */
    private static final VarHandle TAIL_HINT;

    static {
        try {
            TAIL_HINT = MethodHandles.lookup().findVarHandle(RingCore.class, "tailHint", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final MemorySegment memory;
    final long capacity;
    final long mask;
    /**
     * The handle's producers' copy of the tail, at most the current one: SPSC's cached tail, MPSC's hint
     * ({@link #tailWithinLap}); read and written through {@link #TAIL_HINT} only, by every producer thread of
     * the handle.
     */
    private long tailHint;

    private final RingLayout layout;
    private final MappedRegion region;
    private final String description;

    RingCore(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        this.layout = layout;
        this.region = region;
        this.memory = region.segment();
        this.capacity = layout.capacity();
        this.mask = layout.mask();
        this.description = getClass().getSimpleName() + " over " + region.description();
        try {
            new RingInitializer(memory, layout, region.description(), initTimeoutNanos).initialize();
        } catch (RuntimeException | Error e) {
            region.close();
            throw e;
        }
        this.tailHint = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
    }

    /** Counts an offer that found the queue full: an atomic add in the header, on the failing path only. */
    final void countFull() {
        LONG.getAndAdd(memory, RingHeader.FULLS_OFFSET, 1L);
    }

    /**
     * Whether an MPSC producer may claim position {@code head}. The consumer frees a slot before it moves the
     * tail (a batch pop frees its whole run first), so in that pause the sequence word says free while
     * head - tail is already the capacity. Claiming then makes head - tail = capacity + 1, and the C++ batch
     * push's unsigned room {@code capacity - (head - tail)} wraps to 2^64 - 1: it claims over unread slots and
     * the queue never recovers. So an MPSC single offer (or claim) requires head - tail &lt; capacity by the
     * tail; the tail only grows, so a claim whose CAS then succeeds keeps head within one lap of it. And room by
     * the tail is proof enough that the slot is free: an MPSC consumer (ours, and the C++ one, single or
     * batch) frees a slot before its release store moves the tail past it.
     *
     * <p>The tail it judges by is first {@link #tailHint}, an older value of the tail (never ahead of it), so
     * room by the hint is room by the tail; only when the hint says full is the tail read (acquire, pairing
     * with the consumer's release store) and the hint refreshed. The hint is read and written with acquire and
     * release, so a producer thread that judges by another's hint still has the consumer's read of the old
     * element happen before its write.
     */
    final boolean tailWithinLap(long head) {
        if (roomByTailHint(head)) {
            return true;
        }
        long tail = refreshTailHint();
        // Signed: a stale head reads below the tail and passes here; its CAS then fails and reloads head.
        return head - tail < capacity;
    }

    /** The producers' copy of the tail (acquire). */
    final long tailHint() {
        return (long) TAIL_HINT.getAcquire(this);
    }

    /** Refreshes the producers' copy of the tail from the shared tail (acquire) and returns it. */
    final long refreshTailHint() {
        long tail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        TAIL_HINT.setRelease(this, tail);
        return tail;
    }

    /** The fast half of {@link #tailWithinLap}: room by the hint alone, no access to the queue's memory. */
    final boolean roomByTailHint(long head) {
        // Signed: a stale head reads below the tail and passes here; its CAS then fails.
        return head - tailHint() < capacity;
    }

    /** Counts a bounded wait that ended behind a stalled slot, if there is one. */
    final void countStallIfStalled() {
        if (stalledPosition() >= 0) {
            LONG.getAndAdd(memory, RingHeader.STALLS_OFFSET, 1L);
        }
    }

    /** The error for a sequence word no queue of this shape can hold at this point. */
    final ArenaException corrupt(String word, long position, long value) {
        return new ArenaException(description + ": the " + word + " of position " + position + " reads " + value
                + " and no other process moved the queue on, which no queue of this configuration ("
                + layout.describe() + ") does: another program is writing into it. Stop using it, and recreate "
                + "it (unlink) when no process uses it.");
    }

    /** What this queue is, for messages: its class and its memory. */
    final String description() {
        return description;
    }

    @Override
    public final long stalledPosition() {
        // One rule for the queue and the inspector, which reads it over a read-only mapping.
        return RingReader.stalledPosition(memory, layout);
    }

    @Override
    public final boolean skipStalled(long position) {
        if (!layout.policy().sequenced()) {
            throw new UnsupportedOperationException(description + " is SPSC: its producer claims and publishes a "
                    + "slot in one store, so no slot can stall and there is nothing to skip");
        }
        if ((long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET) != position
                || (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET) - position <= 0) {
            return false;
        }
        // Volatile CAS: fails if the producer published after all (seq became position + 1). Afterwards the
        // slot reads as consumed (free for the next lap), exactly as a poll leaves it.
        if (!LONG.compareAndSet(memory, layout.slotOffset(position & mask), position, position + capacity)) {
            return false;
        }
        if (layout.policy() == RingPolicy.MPSC) {
            // The one consumer moves the tail with a release store, as its poll does.
            LONG.setRelease(memory, RingHeader.TAIL_OFFSET, position + 1);
        } else if (!LONG.compareAndSet(memory, RingHeader.TAIL_OFFSET, position, position + 1)) {
            throw corrupt("tail", position, (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET));
        }
        LONG.getAndAdd(memory, RingHeader.SKIPPED_OFFSET, 1L);
        return true;
    }

    @Override
    public final long size() {
        long tail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
        return Math.clamp(head - tail, 0, capacity);
    }

    @Override
    public final boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public final long capacity() {
        return capacity;
    }

    @Override
    public final RingPolicy policy() {
        return layout.policy();
    }

    @Override
    public final RingLayout layout() {
        return layout;
    }

    @Override
    public final RingStats stats() {
        long tail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
        return new RingStats(description, layout.policy(), capacity, Math.clamp(head - tail, 0, capacity), head,
                tail, (long) LONG.getAcquire(memory, RingHeader.FULLS_OFFSET),
                (long) LONG.getAcquire(memory, RingHeader.STALLS_OFFSET),
                (long) LONG.getAcquire(memory, RingHeader.SKIPPED_OFFSET), stalledPosition());
    }

    @Override
    public final void mlock() {
        region.mlock();
    }

    @Override
    public final void mbind(int numaNode) {
        region.mbind(numaNode);
    }

    @Override
    public final void close() {
        region.close();
    }

    @Override
    public final String toString() {
        return description + " (" + layout.describe() + ")";
    }
}

package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * What the three policies of {@link StructRing} share beyond {@link RingCore}: slot addressing by multiplication
 * (a struct slot's size need not be a power of two), the copying offer and poll built on claim/commit and
 * peek/release, and the blocking variants. Subclasses implement claim, commit, peek and release with the C++
 * orderings. Offsets handed out are relative to {@link #memory()}, the slots; internally every address is
 * {@code slots + (position & mask) × slotSize}, so no crafted position leads outside them.
 */
abstract class AbstractStructRing extends RingCore implements StructRing {

    final long slotSize;
    final long elementSize;
    /** Offset of the element within its slot: 0 for SPSC, 8 or the element's alignment otherwise. */
    final long dataInSlot;
    /** Byte size of all slots: a relative offset must be below it. */
    final long slotsBytes;

    private final MemorySegment slots;

    AbstractStructRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
        this.slotSize = layout.slotSize();
        this.elementSize = layout.elementSize();
        this.dataInSlot = layout.dataOffset();
        this.slotsBytes = layout.capacity() * layout.slotSize();
        this.slots = memory.asSlice(RingHeader.SLOTS_OFFSET, slotsBytes);
    }

    /** Offset relative to {@link #memory()} of {@code position}'s slot (its sequence word, if it has one). */
    final long slot(long position) {
        return (position & mask) * slotSize;
    }

    /** {@code relative}, an offset into the slots, as an offset into the whole object. */
    static long absolute(long relative) {
        return RingHeader.SLOTS_OFFSET + relative;
    }

    /** The error for an offset handed to commit or release that is not the slot it must be. */
    final IllegalArgumentException notClaimed(String call, long offset, String expected) {
        return new IllegalArgumentException(call + "(" + offset + ") on " + description() + ": " + offset
                + " is not " + expected + ". Pass exactly the offset that "
                + (call.equals("commit") ? "claim" : "peek") + "() returned, once, from the thread that got it; "
                + "nothing was changed.");
    }

    @Override
    public final MemorySegment memory() {
        return slots;
    }

    @Override
    public final long elementSize() {
        return elementSize;
    }

    @Override
    public final long elementAlignment() {
        return layout().elementAlignment();
    }

    @Override
    public final boolean offer(MemorySegment source, long sourceOffset) {
        checkSegment(source, sourceOffset, "source");
        return copyIn(source, sourceOffset, claim());
    }

    @Override
    public final boolean offer(MemorySegment source, long sourceOffset, long timeoutNanos, IdleStrategy idle) {
        checkSegment(source, sourceOffset, "source");
        return copyIn(source, sourceOffset, claim(timeoutNanos, idle));
    }

    @Override
    public final boolean poll(MemorySegment target, long targetOffset) {
        checkTarget(target, targetOffset);
        return copyOut(peek(), target, targetOffset);
    }

    @Override
    public final boolean poll(MemorySegment target, long targetOffset, long timeoutNanos, IdleStrategy idle) {
        checkTarget(target, targetOffset);
        return copyOut(peek(timeoutNanos, idle), target, targetOffset);
    }

    /** Copies the element into the claimed slot {@code at} and commits it; false if nothing was claimed. */
    private boolean copyIn(MemorySegment source, long sourceOffset, long at) {
        if (at < 0) {
            return false;
        }
        MemorySegment.copy(source, sourceOffset, slots, at, elementSize);
        commit(at);
        return true;
    }

    /** Copies the peeked element at {@code at} out and releases it; false if nothing was peeked. */
    private boolean copyOut(long at, MemorySegment target, long targetOffset) {
        if (at < 0) {
            return false;
        }
        MemorySegment.copy(slots, at, target, targetOffset, elementSize);
        release(at);
        return true;
    }

    /**
     * Checked before the claim or peek: a copy that failed after it would leave a claimed slot behind (a stall)
     * or, with MPMC, a peeked one that producers cannot reuse.
     */
    private void checkSegment(MemorySegment segment, long offset, String role) {
        Objects.checkFromIndexSize(offset, elementSize, segment.byteSize());
        if (!segment.scope().isAlive() || !segment.isAccessibleBy(Thread.currentThread())) {
            throw new IllegalStateException("the " + role + " segment is closed or confined to another thread, so "
                    + "no element can be copied " + (role.equals("source") ? "from" : "into") + " it; nothing was "
                    + (role.equals("source") ? "claimed in " : "taken from ") + description());
        }
    }

    private void checkTarget(MemorySegment target, long targetOffset) {
        checkSegment(target, targetOffset, "target");
        if (target.isReadOnly()) {
            throw new IllegalArgumentException("poll into a read-only segment: nothing can be copied into it, and "
                    + "nothing was taken from " + description());
        }
    }

    @Override
    public final long claim(long timeoutNanos, IdleStrategy idle) {
        return await(false, timeoutNanos, idle);
    }

    @Override
    public final long peek(long timeoutNanos, IdleStrategy idle) {
        return await(true, timeoutNanos, idle);
    }

    /** Tries {@link #peek()} (consumer) or {@link #claim()} until one succeeds or {@code timeoutNanos} passed. */
    private long await(boolean consumer, long timeoutNanos, IdleStrategy idle) {
        long at = consumer ? peek() : claim();
        if (at >= 0) {
            return at;
        }
        long started = System.nanoTime();
        for (int round = 0; ; round++) {
            if (System.nanoTime() - started >= timeoutNanos) {
                if (consumer) {
                    countStallIfStalled();
                }
                return -1;
            }
            idle.idle(round);
            at = consumer ? peek() : claim();
            if (at >= 0) {
                return at;
            }
        }
    }
}

package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * What the three policies of {@link LongRing} share beyond {@link RingCore}: slot addressing by shift and
 * the blocking variants. Subclasses implement the non-blocking offer and poll with the C++ orderings.
 * Every slot address is {@code slots + (position & mask) × slotSize}, so no head, tail or sequence word,
 * however crafted, leads outside the slots.
 */
abstract class AbstractLongRing extends RingCore implements LongRing {

    /**
     * Plain element access (the C++ side copies the element non-atomically too). Every element is 8-aligned
     * by the layout; the unaligned layout only spares the JIT an alignment check, and its deoptimization
     * stub, on the hot path, which keeps offer and poll small enough to inline into their callers.
     */
    static final ValueLayout.OfLong VALUE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * log2 of the slot size: 8-byte SPSC slots and 64-byte sequenced slots are powers of two. A long, so that
     * every field of this class is one and lies before the padding below.
     */
    final long slotShift;
    /** Offset of the element in a slot plus {@link RingHeader#SLOTS_OFFSET}. */
    final long dataBase;
    // A cache line of padding between what producers touch (the fields above and RingCore's, the producers'
    // copy of the tail among them) and what a subclass's consumer writes on every poll, for a handle shared by
    // producer and consumer threads (HotSpot lays out a superclass's fields first, and same-size fields in
    // declaration order).
    private long pad0;
    private long pad1;
    private long pad2;
    private long pad3;
    private long pad4;
    private long pad5;
    private long pad6;
    private long pad7;

    AbstractLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
        this.slotShift = Long.numberOfTrailingZeros(layout.slotSize());
        this.dataBase = RingHeader.SLOTS_OFFSET + layout.dataOffset();
    }

    /** Offset of the sequence word of {@code position}'s slot. */
    final long seqOffset(long position) {
        return RingHeader.SLOTS_OFFSET + ((position & mask) << slotShift);
    }

    /** Offset of the element of {@code position}'s slot. */
    final long dataOffset(long position) {
        return dataBase + ((position & mask) << slotShift);
    }

    @Override
    public final boolean offer(long value, long timeoutNanos, IdleStrategy idle) {
        if (offer(value)) {
            return true;
        }
        long started = System.nanoTime();
        for (int round = 0; ; round++) {
            if (System.nanoTime() - started >= timeoutNanos) {
                return false;
            }
            idle.idle(round);
            if (offer(value)) {
                return true;
            }
        }
    }

    @Override
    public final long poll(long ifEmpty, long timeoutNanos, IdleStrategy idle) {
        // A batch poll of one tells success apart from a polled value equal to ifEmpty.
        long[] box = BOX.get();
        if (poll(box, 0, 1) == 1) {
            return box[0];
        }
        long started = System.nanoTime();
        for (int round = 0; ; round++) {
            if (System.nanoTime() - started >= timeoutNanos) {
                countStallIfStalled();
                return ifEmpty;
            }
            idle.idle(round);
            if (poll(box, 0, 1) == 1) {
                return box[0];
            }
        }
    }

    /** One slot per thread for the blocking poll: allocated once per thread, never on the waiting path. */
    private static final ThreadLocal<long[]> BOX = ThreadLocal.withInitial(() -> new long[1]);
}

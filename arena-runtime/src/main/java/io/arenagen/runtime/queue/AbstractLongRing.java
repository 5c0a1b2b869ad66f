package io.arenagen.runtime.queue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What the three policies share: the mapped memory, initialization, sizes, the blocking variants, the
 * counters, {@code mlock}, {@code mbind} and {@code close}. Subclasses implement the non-blocking offer
 * and poll with the C++ orderings. Every slot address is {@code slots + (position & mask) × slotSize}, so
 * no head, tail or sequence word, however crafted, leads outside the slots.
 */
abstract class AbstractLongRing implements LongRing {

    /** Aligned little-endian word access: atomics need alignment, and every word here is 8-aligned. */
    static final VarHandle LONG = LittleEndian.LONG;
    /** Plain element access (the C++ side copies the element non-atomically too). */
    static final ValueLayout.OfLong VALUE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    final MemorySegment memory;
    final long capacity;
    final long mask;
    /** log2 of the slot size: 8-byte SPSC slots and 64-byte sequenced slots are powers of two. */
    final int slotShift;
    /** Offset of the element in a slot plus {@link RingHeader#SLOTS_OFFSET}. */
    final long dataBase;

    private final RingLayout layout;
    private final MappedRegion region;
    private final String description;

    AbstractLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        this.layout = layout;
        this.region = region;
        this.memory = region.segment();
        this.capacity = layout.capacity();
        this.mask = layout.mask();
        this.slotShift = Long.numberOfTrailingZeros(layout.slotSize());
        this.dataBase = RingHeader.SLOTS_OFFSET + layout.dataOffset();
        this.description = getClass().getSimpleName() + " over " + region.description();
        try {
            new RingInitializer(memory, layout, region.description(), initTimeoutNanos).initialize();
        } catch (RuntimeException | Error e) {
            region.close();
            throw e;
        }
    }

    /** Offset of the sequence word of {@code position}'s slot. */
    final long seqOffset(long position) {
        return RingHeader.SLOTS_OFFSET + ((position & mask) << slotShift);
    }

    /** Offset of the element of {@code position}'s slot. */
    final long dataOffset(long position) {
        return dataBase + ((position & mask) << slotShift);
    }

    /** Counts an offer that found the queue full: an atomic add in the header, on the failing path only. */
    final void countFull() {
        LONG.getAndAdd(memory, RingHeader.FULLS_OFFSET, 1L);
    }

    /** The error for a sequence word no queue of this shape can hold at this point. */
    final ArenaException corrupt(String word, long position, long value) {
        return new ArenaException(description + ": the " + word + " of position " + position + " reads " + value
                + " and no other process moved the queue on, which no queue of this configuration ("
                + layout.describe() + ") does: another program is writing into it. Stop using it, and recreate "
                + "it (LongRings.unlink) when no process uses it.");
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
                if (stalledPosition() >= 0) {
                    LONG.getAndAdd(memory, RingHeader.STALLS_OFFSET, 1L);
                }
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

    @Override
    public long stalledPosition() {
        return -1;
    }

    @Override
    public boolean skipStalled(long position) {
        throw new UnsupportedOperationException(description + " is SPSC: its producer claims and publishes a slot "
                + "in one store, so no slot can stall and there is nothing to skip");
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

package io.arenagen.runtime.queue;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ArenaRules;

import java.util.Objects;

/**
 * Where a queue's bytes lie, as the C++ compiler places {@code QueueSegment<T, Slot>}: the 192-byte
 * {@link RingHeader}, then {@code capacity} slots. An SPSC slot is the element alone
 * ({@code QueueSlotLight<T>}, stride {@code sizeof(T)}); an MPSC/MPMC slot is {@code QueueSlotFull<T>}:
 * {@code alignas(64) atomic<uint64_t> seq}, then the element at the first multiple of its alignment
 * after 8, then {@code char _padding[(64 - ((8 + sizeof(T)) % 64)) % 64]}, the whole rounded up to its
 * alignment (64 or more). For a 64-bit element that is seq at 0, data at 8, 64-byte slots.
 *
 * <p>The footprint is {@code sizeof(QueueSync) + capacity × sizeof(Slot)}; the object's size is that
 * rounded up to the page size, as the C++ backends round it.
 */
public final class RingLayout {

    /** Size of the sequence word that starts a sequenced slot. */
    public static final long SEQ_BYTES = 8;
    /** Alignment of a sequenced slot ({@code alignas(64)} on its first member). */
    public static final long SLOT_ALIGNMENT = 64;

    private final RingPolicy policy;
    private final long capacity;
    private final long elementSize;
    private final long elementAlignment;
    private final long slotSize;
    private final long dataOffset;
    private final long totalSize;

    private RingLayout(RingPolicy policy, long capacity, long elementSize, long elementAlignment) {
        this.policy = policy;
        this.capacity = capacity;
        this.elementSize = elementSize;
        this.elementAlignment = elementAlignment;
        this.slotSize = slotSize(policy, elementSize, elementAlignment);
        this.dataOffset = policy.sequenced() ? roundUp(SEQ_BYTES, elementAlignment) : 0;
        this.totalSize = footprint(policy, capacity, elementSize, elementAlignment);
    }

    /**
     * The layout of a queue of 64-bit values ({@code uint64_t}: a chunk offset, say).
     *
     * @throws IllegalArgumentException if the capacity breaks a rule of {@link RingRules}
     */
    public static RingLayout ofLongs(RingPolicy policy, long capacity) {
        return of(policy, capacity, Long.BYTES, Long.BYTES);
    }

    /**
     * The layout of a queue of elements of {@code elementSize} bytes aligned to {@code elementAlignment}.
     *
     * @throws IllegalArgumentException if the configuration breaks a rule of {@link RingRules}
     */
    public static RingLayout of(RingPolicy policy, long capacity, long elementSize, long elementAlignment) {
        Objects.requireNonNull(policy, "policy");
        RingRules.requireValid(policy, capacity, elementSize, elementAlignment);
        return new RingLayout(policy, capacity, elementSize, elementAlignment);
    }

    /** {@code sizeof(Slot)} for this policy and element, as the C++ compiler computes it. */
    static long slotSize(RingPolicy policy, long elementSize, long elementAlignment) {
        if (!policy.sequenced()) {
            return elementSize;
        }
        long data = roundUp(SEQ_BYTES, elementAlignment);
        long padding = (SLOT_ALIGNMENT - ((SEQ_BYTES + elementSize) % SLOT_ALIGNMENT)) % SLOT_ALIGNMENT;
        return roundUp(data + elementSize + padding, Math.max(SLOT_ALIGNMENT, elementAlignment));
    }

    /** {@code sizeof(QueueSync) + capacity × sizeof(Slot)}, or -1 if that exceeds {@link ArenaRules#MAX_FOOTPRINT}. */
    static long footprint(RingPolicy policy, long capacity, long elementSize, long elementAlignment) {
        try {
            long total = Math.addExact(RingHeader.SLOTS_OFFSET,
                    Math.multiplyExact(capacity, slotSize(policy, elementSize, elementAlignment)));
            return total <= ArenaRules.MAX_FOOTPRINT ? total : -1;
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }

    private static long roundUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** The policy. */
    public RingPolicy policy() {
        return policy;
    }

    /** The number of slots, a power of two. */
    public long capacity() {
        return capacity;
    }

    /** {@code capacity - 1}: a position's slot is {@code position & mask()}. */
    public long mask() {
        return capacity - 1;
    }

    /** {@code sizeof} the element. */
    public long elementSize() {
        return elementSize;
    }

    /** {@code alignof} the element. */
    public long elementAlignment() {
        return elementAlignment;
    }

    /** {@code sizeof(Slot)}: the distance between two slots. */
    public long slotSize() {
        return slotSize;
    }

    /** Offset of the element within its slot: 0 for SPSC, 8 (or the element's alignment) otherwise. */
    public long dataOffset() {
        return dataOffset;
    }

    /** Offset of slot {@code index} from the start of the queue. */
    public long slotOffset(long index) {
        return RingHeader.SLOTS_OFFSET + index * slotSize;
    }

    /** {@code sizeof(QueueSync) + capacity × sizeof(Slot)}. */
    public long totalSize() {
        return totalSize;
    }

    /** The object's size: {@link #totalSize()} rounded up to {@code pageSize}, as the C++ backends map it. */
    public long mappedSize(long pageSize) {
        return ArenaLayout.roundUpToPage(totalSize, pageSize);
    }

    /** The configuration in words, for messages: {@code MPSC, capacity=1024, element=8 B}. */
    public String describe() {
        return policy + ", capacity=" + capacity + ", element=" + elementSize + " B"
                + (elementAlignment == elementSize ? "" : " aligned to " + elementAlignment);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RingLayout that && policy == that.policy && capacity == that.capacity
                && elementSize == that.elementSize && elementAlignment == that.elementAlignment;
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, capacity, elementSize, elementAlignment);
    }

    @Override
    public String toString() {
        return "RingLayout[" + describe() + ", slotSize=" + slotSize + ", totalSize=" + totalSize + "]";
    }
}

package io.arenagen.runtime.queue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Reads a queue object's header without joining its traffic and without writing to it: what the
 * inspector needs ({@link io.arenagen.runtime.inspect.ArenaInspector}). Every slot it reads is
 * {@code slots + (position & mask) × slotSize}, so no crafted head or tail leads it outside the slots.
 */
public final class RingReader {

    private static final VarHandle LONG = LittleEndian.LONG;

    private RingReader() {
    }

    /** Whether {@code memory} starts with a queue header carrying arenagen's queue descriptor ('AGRQ'). */
    public static boolean hasQueueDescriptor(MemorySegment memory) {
        return memory.byteSize() >= RingHeader.SLOTS_OFFSET
                && memory.get(LittleEndian.INT_UNALIGNED, RingHeader.TAG_OFFSET) == RingHeader.DESCRIPTOR_TAG;
    }

    /**
     * The configuration recorded in the queue descriptor of {@code memory}, or empty if it carries none.
     *
     * @throws ArenaException if the descriptor is of another version or describes no valid queue
     */
    public static Optional<RingLayout> descriptor(MemorySegment memory, String objectName) {
        if (!hasQueueDescriptor(memory)) {
            return Optional.empty();
        }
        int version = memory.get(LittleEndian.INT_UNALIGNED, RingHeader.VERSION_OFFSET);
        if (version != RingHeader.DESCRIPTOR_VERSION) {
            throw new ArenaException("shared object " + objectName + " carries a queue descriptor of version "
                    + version + "; this arenagen reads version " + RingHeader.DESCRIPTOR_VERSION + ": inspect it "
                    + "with the arenagen version that created it.");
        }
        int code = memory.get(LittleEndian.INT_UNALIGNED, RingHeader.POLICY_OFFSET);
        RingPolicy policy = RingPolicy.ofCode(code);
        long capacity = memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.CAPACITY_OFFSET);
        long elementSize = memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.ELEMENT_SIZE_OFFSET);
        int alignment = memory.get(LittleEndian.INT_UNALIGNED, RingHeader.ALIGNMENT_OFFSET);
        long slotSize = memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.SLOT_SIZE_OFFSET);
        String recorded = "policy code " + code + ", capacity " + capacity + ", element " + elementSize
                + " B aligned to " + alignment + ", slots of " + slotSize + " B";
        if (policy == null) {
            throw damaged(objectName, recorded, "no policy has code " + code + " (1 SPSC, 2 MPSC, 3 MPMC)");
        }
        RingLayout layout;
        try {
            layout = RingLayout.of(policy, capacity, elementSize, alignment);
        } catch (IllegalArgumentException e) {
            throw damaged(objectName, recorded, e.getMessage());
        }
        if (layout.slotSize() != slotSize) {
            throw damaged(objectName, recorded, "that configuration has slots of " + layout.slotSize() + " B");
        }
        return Optional.of(layout);
    }

    private static ArenaException damaged(String objectName, String recorded, String why) {
        return new ArenaException("shared object " + objectName + " carries a queue descriptor (" + recorded
                + ") that describes no queue: " + why + ". Its bytes were overwritten; every queue refuses it. "
                + "Remove it (LongRings.unlink) once no process uses it.");
    }

    /**
     * The position of the slot at the tail that a producer claimed (head is past it) but never published
     * (its sequence word still reads "free for this position"), or -1: {@link LongRing#stalledPosition()}
     * of MPSC and MPMC queues is this method, and the inspector calls it over a read-only mapping.
     * Tail is loaded before head, both with acquire, so a consumer moving on meanwhile cannot make a
     * published slot look stalled.
     */
    public static long stalledPosition(MemorySegment memory, RingLayout layout) {
        if (!layout.policy().sequenced()) {
            return -1;
        }
        long tail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
        if (head - tail <= 0) {
            return -1;
        }
        // Claimed (head is past it) but its sequence word still says "free for this position".
        long seqOffset = layout.slotOffset(tail & layout.mask());
        return (long) LONG.getAcquire(memory, seqOffset) == tail ? tail : -1;
    }
}

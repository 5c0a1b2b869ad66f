package io.arenagen.runtime.queue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.internal.ReadyOnce;
import io.arenagen.runtime.layout.PoolHeader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.function.LongPredicate;

/**
 * Brings a queue object to the ready state exactly once, with the C++ constructor's protocol, which is a
 * pool's ({@link ReadyOnce}): CAS the magic {@code fresh → busy}, write head = tail = 0 and, for sequenced
 * slots, {@code seq[i] = i} (plain stores), then store {@code ready} with release. Every other opener loads
 * the magic with acquire until it is ready, bounded in time: an initializer that recorded its pid and is
 * provably dead (see {@link ProcessLiveness}) is taken over by one waiter; otherwise the wait ends in an
 * {@link ArenaException} saying how to recover. The C++ constructor waits forever instead. This class says
 * what a queue is made of and how a ready one is checked.
 *
 * <p>A ready object is checked before use, and refused (left untouched) when its descriptor names another
 * policy, capacity or element, when it is an arena, or when its head, tail or sequence words could not
 * belong to a queue of this shape. None of that protects memory safety (every slot address is masked into
 * the slots), it keeps this process from working on bytes that are not the queue it asked for.
 */
final class RingInitializer implements ReadyOnce.Target {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final ValueLayout.OfInt INT_LE = LittleEndian.INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG_LE = LittleEndian.LONG_UNALIGNED;

    /** The protocol's words in a queue header; a fresh queue's header is all zero up to the slots. */
    private static final ReadyOnce.Header HEADER = new ReadyOnce.Header(RingHeader.INITIALIZER_PID_OFFSET,
            RingHeader.INITIALIZER_PID_NAMESPACE_OFFSET, RingHeader.SLOTS_OFFSET);

    private final MemorySegment memory;
    private final RingLayout layout;
    private final String objectName;
    private final ReadyOnce protocol;

    /**
     * @param memory the queue's memory
     * @param layout its layout
     * @param objectName what to call the memory in messages, for example {@code "shared object /q"}
     * @param timeoutNanos how long to wait for another process's initialization
     */
    RingInitializer(MemorySegment memory, RingLayout layout, String objectName, long timeoutNanos) {
        this(memory, layout, objectName, timeoutNanos, ProcessLiveness::isAlive);
    }

    /** As the other constructor, with {@code alive} in place of {@link ProcessLiveness#isAlive} (for tests). */
    RingInitializer(MemorySegment memory, RingLayout layout, String objectName, long timeoutNanos, LongPredicate alive) {
        this.memory = memory;
        this.layout = layout;
        this.objectName = objectName;
        this.protocol = new ReadyOnce(memory, RingHeader.MAGIC_OFFSET, HEADER, new ReadyOnce.Subject(objectName,
                "the queue (" + layout.describe() + ")", "queue", "LongRings.unlink"), timeoutNanos, this, alive);
    }

    /**
     * Makes the queue ready, or checks the one already there.
     *
     * @throws ArenaException on foreign bytes, another configuration or an initializer that never finished
     */
    void initialize() {
        protocol.initialize();
    }

    @Override
    public ArenaException foreignHeader(long offset, long word) {
        return new ArenaException(objectName + " has an uninitialized magic but a non-zero header (0x"
                + Long.toHexString(word) + " at byte " + offset + "): it holds foreign bytes, not a queue. "
                + "It was left untouched; pick another name, or remove it (LongRings.unlink) if it is stale.");
    }

    /** Writes descriptor, positions and sequence words of a queue this process owns; the protocol publishes it. */
    @Override
    public void build() {
        memory.set(INT_LE, RingHeader.TAG_OFFSET, RingHeader.DESCRIPTOR_TAG);
        memory.set(INT_LE, RingHeader.VERSION_OFFSET, RingHeader.DESCRIPTOR_VERSION);
        memory.set(INT_LE, RingHeader.POLICY_OFFSET, layout.policy().code());
        memory.set(INT_LE, RingHeader.ALIGNMENT_OFFSET, (int) layout.elementAlignment());
        memory.set(LONG_LE, RingHeader.CAPACITY_OFFSET, layout.capacity());
        memory.set(LONG_LE, RingHeader.ELEMENT_SIZE_OFFSET, layout.elementSize());
        memory.set(LONG_LE, RingHeader.SLOT_SIZE_OFFSET, layout.slotSize());
        memory.set(LONG_LE, RingHeader.HEAD_OFFSET, 0L);
        memory.set(LONG_LE, RingHeader.FULLS_OFFSET, 0L);
        memory.set(LONG_LE, RingHeader.STALLS_OFFSET, 0L);
        memory.set(LONG_LE, RingHeader.SKIPPED_OFFSET, 0L);
        memory.set(LONG_LE, RingHeader.TAIL_OFFSET, 0L);
        if (layout.policy().sequenced()) {
            for (long i = 0; i < layout.capacity(); i++) {
                memory.set(LONG_LE, layout.slotOffset(i), i);
            }
        }
    }

    /** Checks a ready queue against this configuration; throws without writing anything. */
    @Override
    public void verify() {
        int tag = memory.get(INT_LE, RingHeader.TAG_OFFSET);
        if (tag == PoolHeader.DESCRIPTOR_TAG) {
            throw new ArenaException(objectName + " is a slab arena (its header carries the arena descriptor "
                    + "'AGEN'), not a queue: open it with SlabArenas, or give the queue another name.");
        }
        if (tag != 0 && tag != RingHeader.DESCRIPTOR_TAG) {
            throw new ArenaException(objectName + " is marked ready but its descriptor tag is 0x"
                    + Integer.toHexString(tag) + ", neither a queue's nor zero: foreign bytes. It was left untouched; "
                    + "pick another name, or remove it (LongRings.unlink) if it is stale.");
        }
        if (tag == RingHeader.DESCRIPTOR_TAG) {
            verifyDescriptor();
        }
        verifyPositions(tag == 0 ? "no descriptor, as created by the C++ library" : "its descriptor matches");
    }

    private void verifyDescriptor() {
        int version = memory.get(INT_LE, RingHeader.VERSION_OFFSET);
        if (version != RingHeader.DESCRIPTOR_VERSION) {
            throw new ArenaException(objectName + " has queue descriptor version " + version + "; this arenagen "
                    + "reads version " + RingHeader.DESCRIPTOR_VERSION + ". Use the same arenagen version in every "
                    + "process.");
        }
        RingPolicy policy = RingPolicy.ofCode(memory.get(INT_LE, RingHeader.POLICY_OFFSET));
        long capacity = memory.get(LONG_LE, RingHeader.CAPACITY_OFFSET);
        long elementSize = memory.get(LONG_LE, RingHeader.ELEMENT_SIZE_OFFSET);
        int alignment = memory.get(INT_LE, RingHeader.ALIGNMENT_OFFSET);
        long slotSize = memory.get(LONG_LE, RingHeader.SLOT_SIZE_OFFSET);
        if (policy != layout.policy() || capacity != layout.capacity() || elementSize != layout.elementSize()
                || alignment != layout.elementAlignment() || slotSize != layout.slotSize()) {
            throw new ArenaException(objectName + " was created as another queue: " + (policy == null
                    ? "policy code " + memory.get(INT_LE, RingHeader.POLICY_OFFSET) : policy)
                    + ", capacity=" + capacity + ", element=" + elementSize + " B aligned to " + alignment
                    + ", slots of " + slotSize + " B; this queue is " + layout.describe() + " with slots of "
                    + layout.slotSize() + " B. Open it with the configuration it was created with, or remove it "
                    + "(LongRings.unlink) when no process uses it.");
        }
    }

    /**
     * Refuses head, tail or sequence words no queue of this shape can hold, with reads that stay true while
     * other processes use the queue: tail read before head never exceeds it, head read before a later tail
     * is at most {@code capacity} ahead, and every sequence word of slot {@code i} is {@code i} or
     * {@code i + 1} modulo the capacity (free for its position, or published).
     */
    private void verifyPositions(String descriptor) {
        long tailBefore = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        long head = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
        long tailAfter = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        if (head - tailBefore < 0 || head - tailAfter > layout.capacity()) {
            throw corrupt(descriptor, "head " + head + " and tail " + tailAfter + " (at most " + layout.capacity()
                    + " apart, head never behind)");
        }
        if (layout.policy().sequenced()) {
            long mask = layout.mask();
            for (long i = 0; i < layout.capacity(); i++) {
                long seq = (long) LONG.getAcquire(memory, layout.slotOffset(i));
                long phase = (seq - i) & mask;
                if (phase > 1) {
                    throw corrupt(descriptor, "slot " + i + " with sequence word " + seq + " (" + i + " or "
                            + (i + 1) + " modulo " + layout.capacity() + ")");
                }
            }
        }
    }

    private ArenaException corrupt(String descriptor, String what) {
        return new ArenaException(objectName + " (" + descriptor + ") has " + what + " that no queue of this "
                + "configuration (" + layout.describe() + ") holds: it was made by another program or with another "
                + "configuration. It was left untouched; open it with the configuration it was created with, or "
                + "remove it (LongRings.unlink) when no process uses it.");
    }

    @Override
    public ArenaException foreignMagic(long magic) {
        return new ArenaException(objectName + " holds foreign bytes: magic 0x" + Long.toHexString(magic)
                + " where 0 (fresh), 0xffffffffffffffff (initializing) or 0x"
                + Long.toHexString(RingHeader.MAGIC_READY) + " (ready) belongs. It was left untouched; pick another "
                + "name, or remove it (LongRings.unlink) if it is stale.");
    }
}

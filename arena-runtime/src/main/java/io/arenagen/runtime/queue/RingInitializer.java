package io.arenagen.runtime.queue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Backoff;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.layout.PoolHeader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Brings a queue object to the ready state exactly once, with the C++ constructor's protocol: CAS the
 * magic {@code fresh → busy} (acq_rel), write head = tail = 0 and, for sequenced slots, {@code seq[i] = i}
 * (plain stores), then store {@code ready} with release. Every other opener loads the magic with acquire
 * until it is ready, bounded in time: an initializer that recorded its pid and is provably dead (see
 * {@link ProcessLiveness}) is taken over by one waiter (a CAS on the pid word elects it); otherwise the wait
 * ends in an {@link ArenaException} saying how to recover. The C++ constructor waits forever instead.
 *
 * <p>A ready object is checked before use, and refused (left untouched) when its descriptor names another
 * policy, capacity or element, when it is an arena, or when its head, tail or sequence words could not
 * belong to a queue of this shape. None of that protects memory safety (every slot address is masked into
 * the slots), it keeps this process from working on bytes that are not the queue it asked for.
 */
final class RingInitializer {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final ValueLayout.OfInt INT_LE = LittleEndian.INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG_LE = LittleEndian.LONG_UNALIGNED;
    private static final long LIVENESS_GRACE_NANOS = 50_000_000L;
    private static final long SELF_PID_NAMESPACE = ProcessLiveness.pidNamespace();

    private final MemorySegment memory;
    private final RingLayout layout;
    private final String objectName;
    private final long timeoutNanos;
    private final long selfPid = ProcessHandle.current().pid();

    RingInitializer(MemorySegment memory, RingLayout layout, String objectName, long timeoutNanos) {
        this.memory = memory;
        this.layout = layout;
        this.objectName = objectName;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Makes the queue ready, or checks the one already there.
     *
     * @throws ArenaException on foreign bytes, another configuration or an initializer that never finished
     */
    void initialize() {
        long started = System.nanoTime();
        for (int round = 0; ; round++) {
            long magic = (long) LONG.getAcquire(memory, RingHeader.MAGIC_OFFSET);
            if (magic == RingHeader.MAGIC_READY) {
                verify();
                return;
            }
            if (magic == RingHeader.MAGIC_FRESH) {
                requireFreshHeader();
                // acq_rel as in C++: the winner's writes below cannot move before the claim.
                if ((long) LONG.compareAndExchange(memory, RingHeader.MAGIC_OFFSET, RingHeader.MAGIC_FRESH,
                        RingHeader.MAGIC_BUSY) == RingHeader.MAGIC_FRESH) {
                    LONG.setVolatile(memory, RingHeader.INITIALIZER_PID_NAMESPACE_OFFSET, SELF_PID_NAMESPACE);
                    LONG.setVolatile(memory, RingHeader.INITIALIZER_PID_OFFSET, selfPid);
                    build();
                    return;
                }
                continue;
            }
            if (magic != RingHeader.MAGIC_BUSY) {
                throw foreign(magic);
            }
            long waited = System.nanoTime() - started;
            if (waited > LIVENESS_GRACE_NANOS && takeOverFromDeadInitializer()) {
                build();
                return;
            }
            if (waited > timeoutNanos) {
                throw new ArenaException(objectName + " (a queue, " + layout.describe() + ") has been initializing "
                        + "for more than " + timeoutNanos / 1_000_000 + " ms and its initializer (pid "
                        + (long) LONG.getVolatile(memory, RingHeader.INITIALIZER_PID_OFFSET) + ", 0 = unknown, as "
                        + "a C++ initializer records none) cannot be proven dead. If no process is initializing it, "
                        + "remove it (LongRings.unlink) and open it again; or allow a longer wait "
                        + "(ShmOptions.withInitTimeout).");
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ArenaException("interrupted while waiting for the initializer of " + objectName
                        + "; the interrupt status is kept and the queue was left untouched. Open it again.");
            }
            Backoff.pause(round);
        }
    }

    /** Whether this thread won the pid word of an initializer that is provably gone. */
    private boolean takeOverFromDeadInitializer() {
        long pid = (long) LONG.getVolatile(memory, RingHeader.INITIALIZER_PID_OFFSET);
        long namespace = (long) LONG.getVolatile(memory, RingHeader.INITIALIZER_PID_NAMESPACE_OFFSET);
        if (pid <= 0 || pid == selfPid || namespace == 0 || namespace != SELF_PID_NAMESPACE
                || ProcessLiveness.isAlive(pid)) {
            return false;
        }
        // Volatile CAS elects one taker among the waiters; the others then see a live pid (ours).
        return (long) LONG.compareAndExchange(memory, RingHeader.INITIALIZER_PID_OFFSET, pid, selfPid) == pid;
    }

    /** A fresh queue must be all zero in its header: otherwise these bytes are something else. */
    private void requireFreshHeader() {
        for (long offset = RingHeader.TAG_OFFSET; offset < RingHeader.SLOTS_OFFSET; offset += Long.BYTES) {
            long word = memory.get(LONG_LE, offset);
            if (word != 0) {
                VarHandle.acquireFence();
                if ((long) LONG.getAcquire(memory, RingHeader.MAGIC_OFFSET) != RingHeader.MAGIC_FRESH) {
                    return; // claimed meanwhile: the caller's CAS sees it
                }
                throw new ArenaException(objectName + " has an uninitialized magic but a non-zero header (0x"
                        + Long.toHexString(word) + " at byte " + offset + "): it holds foreign bytes, not a queue. "
                        + "It was left untouched; pick another name, or remove it (LongRings.unlink) if it is stale.");
            }
        }
    }

    /** Writes descriptor, positions and sequence words of a queue this process owns, then publishes it. */
    private void build() {
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
        // Release: everything above is visible to whoever loads "ready" with acquire.
        LONG.setRelease(memory, RingHeader.MAGIC_OFFSET, RingHeader.MAGIC_READY);
    }

    /** Checks a ready queue against this configuration; throws without writing anything. */
    private void verify() {
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

    private ArenaException foreign(long magic) {
        return new ArenaException(objectName + " holds foreign bytes: magic 0x" + Long.toHexString(magic)
                + " where 0 (fresh), 0xffffffffffffffff (initializing) or 0x"
                + Long.toHexString(RingHeader.MAGIC_READY) + " (ready) belongs. It was left untouched; pick another "
                + "name, or remove it (LongRings.unlink) if it is stale.");
    }
}

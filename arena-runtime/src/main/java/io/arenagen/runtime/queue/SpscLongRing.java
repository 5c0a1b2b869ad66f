package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@code Spsc}: one producer thread, one consumer thread. Orderings as in C++: the producer reads its
 * head relaxed (opaque), the tail with acquire only when its cached copy says full, writes the element
 * plainly and publishes with a release store of head; the consumer mirrors it.
 *
 * <p>Public so that a generated {@code @Ring} class of this policy can extend it and run these operations
 * itself, with no queue object to delegate to (every operation is final); everyone else gets one from
 * {@link LongRings}.
 */
public class SpscLongRing extends AbstractLongRing {

    /**
     * The consumer's last head; only the consumer thread touches it (a cache line away from the producer's
     * fields, its last tail among them: {@link RingCore#tailHint()}).
     */
    private long cachedHead;

    /**
     * For generated subclasses: the queue of {@code layout} in private memory ({@code name == null}) or in the
     * shared object {@code name}, created or attached to.
     *
     * @throws IllegalArgumentException if {@code layout} is not an SPSC queue of 8-byte values, or the name
     *         breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped or is not this queue
     */
    protected SpscLongRing(RingLayout layout, String name, ShmOptions options) {
        this(RingMemory.require(layout, RingPolicy.SPSC, Long.BYTES, "8-byte values"),
                RingMemory.open(layout, name, options), RingMemory.initTimeoutNanos(name, options));
    }

    SpscLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
        this.cachedHead = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
    }

    @Override
    public final boolean offer(long value) {
        MemorySegment m = memory;
        long head = (long) LONG.getOpaque(m, RingHeader.HEAD_OFFSET);
        // Unsigned: a tail ahead of the head (crafted) reads as full instead of as room. The shared tail is
        // read only when the copy says full.
        if (Long.compareUnsigned(head - tailHint(), capacity) >= 0
                && Long.compareUnsigned(head - refreshTailHint(), capacity) >= 0) {
            countFull();
            return false;
        }
        m.set(VALUE, dataOffset(head), value);
        LONG.setRelease(m, RingHeader.HEAD_OFFSET, head + 1);
        return true;
    }

    @Override
    public final long poll(long ifEmpty) {
        MemorySegment m = memory;
        long tail = (long) LONG.getOpaque(m, RingHeader.TAIL_OFFSET);
        if (cachedHead == tail) {
            cachedHead = (long) LONG.getAcquire(m, RingHeader.HEAD_OFFSET);
            if (cachedHead == tail) {
                return ifEmpty;
            }
        }
        long value = m.get(VALUE, dataOffset(tail));
        LONG.setRelease(m, RingHeader.TAIL_OFFSET, tail + 1);
        return value;
    }

    @Override
    public final int offer(long[] values, int from, int length) {
        Objects.checkFromIndexSize(from, length, values.length);
        if (length == 0) {
            return 0;
        }
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        long room = room(head);
        if (room == 0) {
            refreshTailHint();
            room = room(head);
            if (room == 0) {
                countFull();
                return 0;
            }
        }
        int count = (int) Math.min(length, room);
        for (int i = 0; i < count; i++) {
            memory.set(VALUE, dataOffset(head + i), values[from + i]);
        }
        LONG.setRelease(memory, RingHeader.HEAD_OFFSET, head + count);
        return count;
    }

    /** Free slots by the cached tail, 0 when the positions are inconsistent (crafted). */
    private long room(long head) {
        long used = head - tailHint();
        return Long.compareUnsigned(used, capacity) >= 0 ? 0 : capacity - used;
    }

    @Override
    public final int poll(long[] into, int from, int max) {
        Objects.checkFromIndexSize(from, max, into.length);
        if (max == 0) {
            return 0;
        }
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        long pending = cachedHead - tail;
        if (pending == 0) {
            cachedHead = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
            pending = cachedHead - tail;
            if (pending == 0) {
                return 0;
            }
        }
        // A crafted head more than capacity ahead (or behind) is clamped: we re-read slots, never leave them.
        int count = (int) Math.min(max, Math.clamp(pending, 0, capacity));
        for (int i = 0; i < count; i++) {
            into[from + i] = memory.get(VALUE, dataOffset(tail + i));
        }
        LONG.setRelease(memory, RingHeader.TAIL_OFFSET, tail + count);
        return count;
    }
}

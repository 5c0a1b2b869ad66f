package io.arenagen.runtime.queue;

import io.arenagen.runtime.memory.MappedRegion;

import java.util.Objects;

/**
 * {@code Spsc}: one producer thread, one consumer thread. Orderings as in C++: the producer reads its
 * head relaxed (opaque), the tail with acquire only when its cached copy says full, writes the element
 * plainly and publishes with a release store of head; the consumer mirrors it.
 */
final class SpscLongRing extends AbstractLongRing {

    /** The producer's last tail; only the producer thread touches it. */
    private long cachedTail;
    /** The consumer's last head; only the consumer thread touches it. */
    private long cachedHead;

    SpscLongRing(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        super(layout, region, initTimeoutNanos);
        this.cachedTail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
        this.cachedHead = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
    }

    @Override
    public boolean offer(long value) {
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        // Unsigned: a tail ahead of the head (crafted) reads as full instead of as room.
        if (Long.compareUnsigned(head - cachedTail, capacity) >= 0) {
            cachedTail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
            if (Long.compareUnsigned(head - cachedTail, capacity) >= 0) {
                countFull();
                return false;
            }
        }
        memory.set(VALUE, dataOffset(head), value);
        LONG.setRelease(memory, RingHeader.HEAD_OFFSET, head + 1);
        return true;
    }

    @Override
    public long poll(long ifEmpty) {
        long tail = (long) LONG.getOpaque(memory, RingHeader.TAIL_OFFSET);
        if (cachedHead == tail) {
            cachedHead = (long) LONG.getAcquire(memory, RingHeader.HEAD_OFFSET);
            if (cachedHead == tail) {
                return ifEmpty;
            }
        }
        long value = memory.get(VALUE, dataOffset(tail));
        LONG.setRelease(memory, RingHeader.TAIL_OFFSET, tail + 1);
        return value;
    }

    @Override
    public int offer(long[] values, int from, int length) {
        Objects.checkFromIndexSize(from, length, values.length);
        if (length == 0) {
            return 0;
        }
        long head = (long) LONG.getOpaque(memory, RingHeader.HEAD_OFFSET);
        long room = room(head);
        if (room == 0) {
            cachedTail = (long) LONG.getAcquire(memory, RingHeader.TAIL_OFFSET);
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
        long used = head - cachedTail;
        return Long.compareUnsigned(used, capacity) >= 0 ? 0 : capacity - used;
    }

    @Override
    public int poll(long[] into, int from, int max) {
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

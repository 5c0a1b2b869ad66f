package io.arenagen.examples.shared;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A single-producer single-consumer ring of chunk offsets inside one chunk of shared memory, so
 * two processes can hand each other chunks without any other channel.
 *
 * <pre>
 * offset  field
 *      0  tail: number of offsets ever published (written by the producer only)
 *     64  head: number of offsets ever consumed (written by the consumer only)
 *    128  CAPACITY slots of 8 bytes
 * </pre>
 *
 * Tail and head sit on their own cache lines. The producer writes a slot, then publishes it with a
 * release store of the tail; the consumer loads the tail with acquire, reads the slot, then frees it
 * with a release store of the head, which the producer loads with acquire before reusing the slot.
 */
public final class OffsetRing {

    /** Slots in the ring, a power of two. */
    public static final int CAPACITY = 1024;
    /** Bytes the ring needs. */
    public static final long BYTES = 128 + 8L * CAPACITY;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long TAIL = 0;
    private static final long HEAD = 64;
    private static final long SLOTS = 128;

    private final MemorySegment ring;
    private long cachedHead;
    private long cachedTail;

    /** A view of the ring at the start of {@code ring}, which holds at least {@link #BYTES} bytes. */
    public OffsetRing(MemorySegment ring) {
        if (ring.byteSize() < BYTES) {
            throw new IllegalArgumentException("ring needs " + BYTES + " bytes, got " + ring.byteSize());
        }
        this.ring = ring;
    }

    /** Zeroes head and tail; done once, by the process that allocated the ring, before the others start. */
    public void reset() {
        ring.asSlice(0, BYTES).fill((byte) 0);
    }

    /** Publishes {@code offset}; returns false if the ring is full. Producer only. */
    public boolean offer(long offset) {
        long tail = (long) LONG.get(ring, TAIL); // plain: only this process writes it
        if (tail - cachedHead == CAPACITY) {
            cachedHead = (long) LONG.getAcquire(ring, HEAD);
            if (tail - cachedHead == CAPACITY) {
                return false;
            }
        }
        LONG.set(ring, SLOTS + 8 * (tail & (CAPACITY - 1)), offset);
        LONG.setRelease(ring, TAIL, tail + 1);
        return true;
    }

    /** The next published offset, or {@code -1} if the ring is empty. Consumer only. */
    public long poll() {
        long head = (long) LONG.get(ring, HEAD); // plain: only this process writes it
        if (head == cachedTail) {
            cachedTail = (long) LONG.getAcquire(ring, TAIL);
            if (head == cachedTail) {
                return -1;
            }
        }
        long offset = (long) LONG.get(ring, SLOTS + 8 * (head & (CAPACITY - 1)));
        LONG.setRelease(ring, HEAD, head + 1);
        return offset;
    }
}

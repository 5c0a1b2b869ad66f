package io.arenagen.runtime.queue;

import io.arenagen.runtime.internal.ReadyOnce;

/**
 * The 192-byte header of a queue object, binary-compatible with the C++ {@code QueueSync}
 * ({@code join/queue.hpp}): three {@code alignas(64)} atomic 64-bit words, magic, head and tail, so the
 * compiler places head at 64, tail at 128 and the flexible array of slots at {@code sizeof(QueueSync)}
 * = 192. Little-endian.
 *
 * <pre>
 * offset  bytes  field
 *      0      8  magic: 0 fresh, all ones being initialized, 0x9F7E3B2A8D5C4E1B ready (as a pool's)
 *      8      4  descriptor tag 'AGRQ' (0 in queues created by the C++ library; an arena has 'AGEN')
 *     12      4  descriptor format version
 *     16      4  policy code (1 SPSC, 2 MPSC, 3 MPMC)
 *     20      4  element alignment
 *     24      8  capacity (slots)
 *     32      8  element size in bytes
 *     40      8  slot size in bytes
 *     48      8  pid of the initializer
 *     56      8  pid namespace of the initializer (inode of /proc/self/ns/pid), 0 if unknown
 *     64      8  head: the next position to write (positions count up forever; slot = position &amp; mask)
 *     72      8  fulls: offers that found the queue full (arenagen only; padding in C++)
 *     80      8  stalls: bounded waits that ended behind a claimed but unpublished slot (arenagen only)
 *     88      8  skipped: dead slots skipped with {@code skipStalled} (arenagen only)
 *    128      8  tail: the next position to read
 *    192         slots, capacity × slot size
 * </pre>
 */
public final class RingHeader {

    /** {@code sizeof(QueueSync)}: where the slots start. */
    public static final long SLOTS_OFFSET = 192;
    /** Offset of the magic word. */
    public static final long MAGIC_OFFSET = 0;
    /** Offset of the 4-byte descriptor tag. */
    public static final long TAG_OFFSET = 8;
    /** Offset of the 4-byte descriptor version. */
    public static final long VERSION_OFFSET = 12;
    /** Offset of the 4-byte policy code. */
    public static final long POLICY_OFFSET = 16;
    /** Offset of the 4-byte element alignment. */
    public static final long ALIGNMENT_OFFSET = 20;
    /** Offset of the 8-byte capacity. */
    public static final long CAPACITY_OFFSET = 24;
    /** Offset of the 8-byte element size. */
    public static final long ELEMENT_SIZE_OFFSET = 32;
    /** Offset of the 8-byte slot size. */
    public static final long SLOT_SIZE_OFFSET = 40;
    /** Offset of the 8-byte initializer pid. */
    public static final long INITIALIZER_PID_OFFSET = 48;
    /** Offset of the 8-byte initializer pid namespace. */
    public static final long INITIALIZER_PID_NAMESPACE_OFFSET = 56;
    /** Offset of the 8-byte head (write position), {@code alignas(64)} in C++. */
    public static final long HEAD_OFFSET = 64;
    /** Offset of the full-offer counter, in the padding after head. */
    public static final long FULLS_OFFSET = 72;
    /** Offset of the stall counter, in the padding after head. */
    public static final long STALLS_OFFSET = 80;
    /** Offset of the skipped-slot counter, in the padding after head. */
    public static final long SKIPPED_OFFSET = 88;
    /** Offset of the 8-byte tail (read position), {@code alignas(64)} in C++. */
    public static final long TAIL_OFFSET = 128;

    /** Magic of a queue nobody initialized yet: {@code 0}, as a pool's. */
    public static final long MAGIC_FRESH = ReadyOnce.FRESH;
    /** Magic while one process initializes the queue: all ones, as a pool's. */
    public static final long MAGIC_BUSY = ReadyOnce.BUSY;
    /** Magic of a ready queue: {@code 0x9F7E3B2A8D5C4E1B}, the same value as a ready pool's ({@code QueueSync::MAGIC}). */
    public static final long MAGIC_READY = ReadyOnce.READY;

    /** {@code 'A' 'G' 'R' 'Q'} read as a little-endian int. */
    public static final int DESCRIPTOR_TAG = 0x5152_4741;
    /** Format version written by this library. */
    public static final int DESCRIPTOR_VERSION = 1;

    private RingHeader() {
    }
}

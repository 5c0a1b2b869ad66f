package io.arenagen.runtime.layout;

import io.arenagen.runtime.internal.ReadyOnce;

/**
 * The 128-byte header of every pool, binary-compatible with the C++ {@code BasicArena}. All fields
 * are little-endian.
 *
 * <p>The C++ pool is {@code struct { alignas(64) atomic<uint64_t> magic; alignas(64) atomic<uint64_t>
 * head; Chunk chunks[]; }} with {@code Chunk} a union aligned to {@code alignof(max_align_t)} = 16.
 * The compiler places {@code head} at 64 and the flexible array right after it, rounded up to 16:
 * at 80. {@code sizeof} the struct is still 128 (its alignment is 64), so a pool occupies
 * {@code 128 + count × size} bytes and its last 48 bytes are slack that no chunk uses.
 *
 * <pre>
 * offset  bytes  field
 *      0      8  magic: 0 = fresh, 0xFFFFFFFFFFFFFFFF = being initialized, 0x9F7E3B2A8D5C4E1B = ready
 *      8      4  descriptor tag 'AGEN' (0 in arenas created by the C++ library)
 *     12      4  descriptor format version
 *     16      4  pool index
 *     20      4  number of pools
 *     24      8  chunk size in bytes
 *     32      8  chunk count
 *     40      8  total footprint of the arena (sum of all pools)
 *     48      8  pid of the process that initialized the pool
 *     56      8  pid namespace of the initializer (inode of /proc/self/ns/pid), 0 if unknown
 *     64      8  head: low 32 bits = index of the first free chunk, high 32 bits = generation
 *     72      8  exhaustions: how many times a request found the pool empty (arenagen only; padding in
 *                C++, which leaves it zero and never counts)
 *     80         chunks, count × size bytes; a free chunk holds the index of the next free chunk in its
 *                first 4 bytes
 *     80 + count × size    48  slack (counted by C++'s sizeof(header) + count × size)
 * </pre>
 *
 * <p>Bytes 8..63 (the layout descriptor) are padding in the C++ layout; C++ leaves them zero, and
 * an all-zero descriptor is accepted as "created by the C++ library".
 */
public final class PoolHeader {

    /**
     * {@code sizeof} the C++ pool header: a pool occupies {@code BYTES + count × size} bytes. The
     * chunks do not start here but at {@link #CHUNKS_OFFSET}; the difference is slack at the pool's end.
     */
    public static final long BYTES = 128;

    /** Offset of the 8-byte magic word. */
    public static final long MAGIC_OFFSET = 0;
    /** Offset of the 4-byte descriptor tag. */
    public static final long TAG_OFFSET = 8;
    /** Offset of the 4-byte descriptor format version. */
    public static final long VERSION_OFFSET = 12;
    /** Offset of the 4-byte pool index. */
    public static final long POOL_INDEX_OFFSET = 16;
    /** Offset of the 4-byte number of pools. */
    public static final long POOL_COUNT_OFFSET = 20;
    /** Offset of the 8-byte chunk size. */
    public static final long CHUNK_SIZE_OFFSET = 24;
    /** Offset of the 8-byte chunk count. */
    public static final long CHUNK_COUNT_OFFSET = 32;
    /** Offset of the 8-byte total footprint. */
    public static final long TOTAL_SIZE_OFFSET = 40;
    /** Offset of the 8-byte pid of the initializing process. */
    public static final long INITIALIZER_PID_OFFSET = 48;
    /** Offset of the 8-byte pid-namespace inode of the initializing process. */
    public static final long INITIALIZER_PID_NAMESPACE_OFFSET = 56;
    /** Offset of the 8-byte tagged head: index in the low 32 bits, generation in the high 32 bits. */
    public static final long HEAD_OFFSET = 64;
    /**
     * Offset of the 8-byte exhaustion counter: how many pops found this pool empty, counted by arenagen
     * processes (atomic add in a shared arena, plain add in a confined one) on the slow path only. It
     * lies in the C++ header's padding between {@code head} and the chunks: the C++ library leaves it
     * zero and does not count, so an arena used by C++ processes undercounts by their exhaustions. It
     * is written only in ready pools, so a fresh pool's header (bytes 8..79) stays all zero.
     */
    public static final long EXHAUSTIONS_OFFSET = 72;
    /**
     * Offset of the first chunk from the pool start: the first multiple of 16 ({@code alignof(max_align_t)})
     * after the 8-byte head at 64, where the C++ compiler places the flexible array of chunks.
     */
    public static final long CHUNKS_OFFSET = 80;

    /** Magic of a pool nobody has initialized yet (a freshly sized object is all zero): {@code 0}. */
    public static final long MAGIC_FRESH = ReadyOnce.FRESH;
    /** Magic while one process writes the free list: all ones. */
    public static final long MAGIC_BUSY = ReadyOnce.BUSY;
    /** Magic of a pool whose free list is ready for use: {@code 0x9F7E3B2A8D5C4E1B}. */
    public static final long MAGIC_READY = ReadyOnce.READY;

    /** {@code 'A' 'G' 'E' 'N'} read as a little-endian int. */
    public static final int DESCRIPTOR_TAG = 0x4E45_4741;
    /** Format version written by this library: 2 since chunks start at {@link #CHUNKS_OFFSET} = 80. */
    public static final int DESCRIPTOR_VERSION = 2;
    /** Format version of arenagen before 0.2, whose chunks started at 128: refused, never reinterpreted. */
    public static final int DESCRIPTOR_VERSION_CHUNKS_AT_128 = 1;

    /** Index value that marks the end of the free list (and an empty list in the head). */
    public static final int EMPTY_INDEX = 0xFFFF_FFFF;

    private PoolHeader() {
    }
}

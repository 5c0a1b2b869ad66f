package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The bookkeeping of checked mode: one bit per chunk, set while this handle has handed the chunk
 * out. Freeing a chunk whose bit is clear is a double free (or a chunk this handle never handed
 * out); freeing an offset that is not a chunk's start is a wild pointer. Both throw
 * {@link IllegalStateException} before the free list is touched, so the arena stays intact.
 *
 * <p>The bits live on this process's heap and the shared layout is unchanged; a chunk handed out by
 * another process or another handle is unknown here, so checked mode is for arenas whose chunks
 * are freed through the handle that allocated them. Bits are flipped with atomic read-modify-write
 * (volatile semantics), so concurrent threads get exact answers.
 */
public final class ChunkTracker {

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final ArenaLayout layout;
    private final long[][] held;
    /** One bit per chunk this handle {@linkplain #inTransit released} and has not adopted back. */
    private final long[][] released;

    /** Bookkeeping for every chunk of {@code layout}, all clear. */
    public ChunkTracker(ArenaLayout layout) {
        this.layout = layout;
        // At most 2^26 words (count <= UINT32_MAX): an int, whatever the count.
        int words = Math.toIntExact((layout.count() + Long.SIZE - 1) / Long.SIZE);
        this.held = new long[layout.poolCount()][words];
        this.released = new long[layout.poolCount()][words];
    }

    /**
     * Records that chunk {@code offset} of {@code pool} was handed out; passes {@code -1} through.
     *
     * @return {@code offset}
     * @throws IllegalStateException if the chunk was already handed out (a corrupted free list)
     */
    public long allocated(int pool, long offset) {
        if (offset < 0) {
            return offset;
        }
        long index = index(pool, offset);
        long bit = 1L << index;
        long before = (long) WORDS.getAndBitwiseOr(held[pool], (int) (index >>> 6), bit);
        if ((before & bit) != 0) {
            throw new IllegalStateException("chunk " + index + " of pool " + pool + " (offset " + offset
                    + ") was handed out twice: the free list is corrupted (a chunk freed twice by unchecked code, "
                    + "or another process freeing chunks it does not hold)");
        }
        return offset;
    }

    /**
     * Refuses a segment whose arena is closed, in checked mode: freeing it is a use after close, and
     * unchecked arenas ignore it like any foreign segment. {@code null} and live foreign segments pass.
     *
     * @throws IllegalStateException if {@code chunk}'s scope is no longer alive
     */
    public static void requireNotStale(MemorySegment chunk) {
        if (chunk != null && !chunk.scope().isAlive()) {
            throw new IllegalStateException("the segment at address 0x" + Long.toHexString(chunk.address())
                    + " belongs to an arena that was closed: it is no chunk of this arena, even if a new mapping "
                    + "now lies at that address; drop segments of an arena when you close it");
        }
    }

    /**
     * Checks and records that the chunk at {@code offset} in {@code pool} is being freed.
     *
     * @throws IllegalStateException if {@code offset} is not the start of a chunk, or the chunk is not
     *     handed out (a double free)
     */
    public void released(int pool, long offset) {
        long index = start(pool, offset, "free");
        long bit = 1L << index;
        long before = (long) WORDS.getAndBitwiseAnd(held[pool], (int) (index >>> 6), ~bit);
        if ((before & bit) == 0) {
            if (((long) WORDS.getVolatile(released[pool], (int) (index >>> 6)) & bit) != 0) {
                throw new IllegalStateException("chunk " + index + " of pool " + pool + " (offset " + offset + ") was "
                        + "released by this handle: it is in transit and belongs to its receiver, which adopts and "
                        + "frees it. Free it here only after adopt(" + offset + ") took it back");
            }
            throw new IllegalStateException("double free: chunk " + index + " of pool " + pool + " (offset " + offset
                    + ") is not allocated; it was freed already, or was never handed out by this arena handle "
                    + "(a chunk received from elsewhere is adopted first)");
        }
    }

    /**
     * Checks and records that this handle releases chunk {@code offset} (it goes in transit): it must
     * hold it. Foreign offsets are ignored.
     *
     * @throws IllegalStateException if {@code offset} is not a chunk's start or this handle does not hold it
     */
    public void inTransit(long offset) {
        int pool = layout.poolOf(offset);
        if (pool >= 0 && !flip(pool, offset, "release", false)) {
            long index = (offset - layout.chunksOffset(pool)) >>> layout.chunkShift(pool);
            throw new IllegalStateException("release(" + offset + "): chunk " + index + " of pool " + pool + " is not "
                    + "held by this handle (freed, released already, or never handed out or adopted here); only "
                    + "its holder releases a chunk");
        }
    }

    /**
     * Checks and records that this handle adopts chunk {@code offset}: it must not hold it already.
     * Foreign offsets are ignored.
     *
     * @throws IllegalStateException if {@code offset} is not a chunk's start or this handle holds it
     */
    public void adopted(long offset) {
        int pool = layout.poolOf(offset);
        if (pool >= 0 && !flip(pool, offset, "adopt", true)) {
            long index = (offset - layout.chunksOffset(pool)) >>> layout.chunkShift(pool);
            throw new IllegalStateException("adopt(" + offset + "): chunk " + index + " of pool " + pool + " is held "
                    + "by this handle already (allocated or adopted here); adopt only a chunk received from "
                    + "another process or handle, after it released it");
        }
    }

    /**
     * Sets ({@code hold}) or clears the held bit of the chunk at {@code offset} and the released bit the
     * other way; false, changing nothing, if the held bit was already as asked.
     */
    private boolean flip(int pool, long offset, String verb, boolean hold) {
        long index = start(pool, offset, verb);
        long bit = 1L << index;
        int word = (int) (index >>> 6);
        long before = hold ? (long) WORDS.getAndBitwiseOr(held[pool], word, bit)
                : (long) WORDS.getAndBitwiseAnd(held[pool], word, ~bit);
        if (((before & bit) != 0) == hold) {
            return false;
        }
        if (hold) {
            WORDS.getAndBitwiseAnd(released[pool], word, ~bit);
        } else {
            WORDS.getAndBitwiseOr(released[pool], word, bit);
        }
        return true;
    }

    /** The index of the chunk that starts at {@code offset} in {@code pool}; throws if it starts elsewhere. */
    private long start(int pool, long offset, String verb) {
        long chunks = layout.chunksOffset(pool);
        long size = layout.chunkSize(pool);
        long index = (offset - chunks) >>> layout.chunkShift(pool);
        long start = chunks + index * size;
        if (offset != start) {
            throw new IllegalStateException("offset " + offset + " is " + (offset - start) + " bytes into chunk " + index
                    + " of pool " + pool + " (" + size + " B chunks, starting at offset " + start
                    + "): " + verb + " the chunk's start, as returned by allocate");
        }
        return index;
    }

    /**
     * Like {@link #released(int, long)} for an offset of unknown pool.
     *
     * @return whether {@code offset} lies in a pool (if not, nothing was checked: foreign offsets are ignored)
     */
    public boolean released(long offset) {
        int pool = layout.poolOf(offset);
        if (pool < 0) {
            return false;
        }
        released(pool, offset);
        return true;
    }

    private long index(int pool, long offset) {
        return (offset - layout.chunksOffset(pool)) >>> layout.chunkShift(pool);
    }
}

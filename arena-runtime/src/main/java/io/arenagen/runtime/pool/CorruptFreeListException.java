package io.arenagen.runtime.pool;

/**
 * A pool's free list named a chunk index beyond the pool's count: another process wrote over the
 * head word or over the link of a free chunk. Thrown by {@link FreeList#pop} before anything is read
 * or written at that index. {@code FreeList} has only offsets, not the arena, so it cannot name the
 * object; arenas catch this exception around their pops and throw
 * {@link AbstractSlabArena#corrupted(CorruptFreeListException)} instead, an
 * {@link io.arenagen.runtime.ArenaException} that does. Application code never sees this type.
 */
public final class CorruptFreeListException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @serial offset of the pool's head word in the arena's memory */
    private final long headOffset;
    /** @serial the index found, unsigned */
    private final long index;
    /** @serial the pool's chunk count */
    private final long count;
    /** @serial the pool's index, or {@code -1} when only {@link #headOffset} names it */
    private final int pool;

    CorruptFreeListException(long headOffset, long index, long count) {
        this("free list at head offset " + headOffset, headOffset, -1, index, count);
    }

    /** From {@link ConfinedFreeList}, whose heads are indexed by pool rather than found at an offset. */
    CorruptFreeListException(int pool, long index, long count) {
        this("free list of pool " + pool, -1L, pool, index, count);
    }

    private CorruptFreeListException(String list, long headOffset, int pool, long index, long count) {
        super(list + " names chunk index " + index + ", beyond count " + count,
                null, false, false); // no stack trace: the arena's ArenaException carries the one that matters
        this.headOffset = headOffset;
        this.pool = pool;
        this.index = index;
        this.count = count;
    }

    /** The pool's index, or {@code -1} if the list was named by {@link #headOffset()} only. */
    public int pool() {
        return pool;
    }

    /** Offset of the pool's head word in the arena's memory, or {@code -1} if {@link #pool()} names the pool. */
    public long headOffset() {
        return headOffset;
    }

    /** The out-of-range index, unsigned. */
    public long index() {
        return index;
    }

    /** The pool's chunk count. */
    public long count() {
        return count;
    }
}

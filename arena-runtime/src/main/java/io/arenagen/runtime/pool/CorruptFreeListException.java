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

    CorruptFreeListException(long headOffset, long index, long count) {
        super("free list at head offset " + headOffset + " names chunk index " + index + ", beyond count " + count,
                null, false, false); // no stack trace: the arena's ArenaException carries the one that matters
        this.headOffset = headOffset;
        this.index = index;
        this.count = count;
    }

    /** Offset of the pool's head word in the arena's memory. */
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

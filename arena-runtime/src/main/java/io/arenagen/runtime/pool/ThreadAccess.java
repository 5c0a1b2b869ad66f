package io.arenagen.runtime.pool;

/**
 * Which threads may use an arena, chosen once when it is created. Generated arenas pass it to
 * their super constructor, {@code super(LAYOUT, ThreadAccess.CONFINED)}, and pick the matching
 * free-list class ({@link FreeList} or {@link ConfinedFreeList}) for their pool operations: the
 * choice is made at build time, never tested on the allocation path.
 */
public enum ThreadAccess {

    /**
     * Any thread of any process attached to the memory: pool operations are lock-free
     * compare-and-set loops ({@link FreeList}). The default.
     */
    SHARED,

    /**
     * Only the thread that created the arena (private memory only): pool operations are plain loads
     * and stores ({@link ConfinedFreeList}), and every method called from another thread throws
     * {@link WrongThreadException}. For thread-per-core designs where one thread allocates and frees.
     */
    CONFINED
}

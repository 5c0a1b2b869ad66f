package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.ChunkTracker;

import java.lang.foreign.MemorySegment;

/**
 * Checked mode for a run-time arena: wraps an arena and rejects double frees and pointers that are
 * not a chunk's start with {@link IllegalStateException}, before the free list is touched. See
 * {@link ChunkTracker} for what it can and cannot see.
 */
final class CheckedSlabAllocator implements SlabAllocator {

    private final SlabAllocator arena;
    private final ArenaLayout layout;
    private final ChunkTracker tracker;

    CheckedSlabAllocator(SlabAllocator arena, ArenaLayout layout) {
        this.arena = arena;
        this.layout = layout;
        this.tracker = new ChunkTracker(layout);
    }

    /** The layout of the wrapped arena. */
    ArenaLayout layout() {
        return layout;
    }

    @Override
    public MemorySegment allocate(long size) {
        long offset = allocateOffset(size);
        return offset < 0 ? null : arena.memory().asSlice(offset, size);
    }

    @Override
    public MemorySegment tryAllocate(long size) {
        long offset = tryAllocateOffset(size);
        return offset < 0 ? null : arena.memory().asSlice(offset, size);
    }

    @Override
    public void deallocate(MemorySegment chunk) {
        MemorySegment memory = arena.memory(); // throws if the arena is closed
        if (chunk == null || !memory.scope().equals(chunk.scope())) {
            ChunkTracker.requireNotStale(chunk);
            return; // foreign: ignored, as by the arena itself
        }
        deallocateOffset(chunk.address() - memory.address());
    }

    @Override
    public long allocateOffset(long size) {
        long offset = arena.allocateOffset(size);
        return offset < 0 ? offset : tracker.allocated(layout.poolOf(offset), offset);
    }

    @Override
    public long tryAllocateOffset(long size) {
        long offset = arena.tryAllocateOffset(size);
        return offset < 0 ? offset : tracker.allocated(layout.poolOf(offset), offset);
    }

    @Override
    public void deallocateOffset(long offset) {
        arena.memory(); // throws on a confined arena's other thread, or if closed: before the tracker changes
        tracker.released(offset);
        arena.deallocateOffset(offset);
    }

    /** The wrapped arena's, after checked mode saw that this handle holds the chunk. */
    @Override
    public void release(long offset) {
        arena.memory(); // closed or another thread: refused before the tracker changes
        tracker.inTransit(offset);
        arena.release(offset);
    }

    /** The wrapped arena's, after checked mode saw that this handle does not hold the chunk already. */
    @Override
    public void adopt(long offset) {
        arena.memory();
        tracker.adopted(offset);
        arena.adopt(offset);
    }

    @Override
    public long reclaim() {
        return arena.reclaim();
    }

    @Override
    public boolean reclamation() {
        return arena.reclamation();
    }

    /** A cache of the wrapped arena that records its hand-outs and frees in this handle's tracker. */
    @Override
    public ThreadCache threadCache(int chunksPerPool) {
        return ((TableSlabArena) arena).checkedCache(chunksPerPool, tracker);
    }

    /** The wrapped arena's: the pools are the same, checked mode only adds tracking on the heap. */
    @Override
    public ArenaStats stats() {
        return arena.stats();
    }

    @Override
    public boolean confined() {
        return arena.confined();
    }

    @Override
    public MemorySegment memory() {
        return arena.memory();
    }

    @Override
    public long totalSize() {
        return arena.totalSize();
    }

    @Override
    public void mlock() {
        arena.mlock();
    }

    @Override
    public void mbind(int numaNode) {
        arena.mbind(numaNode);
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "checked " + arena;
    }
}

package io.arenagen.micrometer;

import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.SlabAllocator;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test seam for the meters' reads: an arena that counts its {@link #stats()} calls (each one a walk of
 * every free list) and can be made to fail them with a given exception, as an arena read on the wrong thread
 * or a broken implementation would.
 */
final class CountingArena implements SlabAllocator {

    private final SlabAllocator arena;
    private final AtomicInteger walks = new AtomicInteger();
    private volatile RuntimeException failure;

    CountingArena(SlabAllocator arena) {
        this.arena = arena;
    }

    /** How many times {@link #stats()} was called. */
    int walks() {
        return walks.get();
    }

    /** From now on {@link #stats()} throws {@code e}; {@code null} to read normally again. */
    void failWith(RuntimeException e) {
        failure = e;
    }

    @Override
    public ArenaStats stats() {
        walks.incrementAndGet();
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        return arena.stats();
    }

    @Override
    public MemorySegment allocate(long size) {
        return arena.allocate(size);
    }

    @Override
    public MemorySegment tryAllocate(long size) {
        return arena.tryAllocate(size);
    }

    @Override
    public void deallocate(MemorySegment chunk) {
        arena.deallocate(chunk);
    }

    @Override
    public long allocateOffset(long size) {
        return arena.allocateOffset(size);
    }

    @Override
    public long tryAllocateOffset(long size) {
        return arena.tryAllocateOffset(size);
    }

    @Override
    public void deallocateOffset(long offset) {
        arena.deallocateOffset(offset);
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
        return "counting " + arena;
    }
}

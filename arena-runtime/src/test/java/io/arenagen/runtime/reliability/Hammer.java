package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;

import java.lang.foreign.MemorySegment;

/**
 * One thread's stamped traffic on an arena: each operation allocates two chunks (one from each of
 * the first two sizes, so both pools and the promotion path are hit), claims both with
 * {@link ChunkStamp}, releases and frees them again in the reverse order. At most two chunks are
 * held at any moment, which bounds what a killed process can lose.
 */
final class Hammer {

    private final SlabAllocator arena;
    private final MemorySegment memory;
    private final long stamp;
    private final long smallSize;
    private final long largeSize;
    private long doubleHandOuts;
    private long exhausted;

    Hammer(SlabAllocator arena, long stamp, long smallSize, long largeSize) {
        this.arena = arena;
        this.memory = arena.memory();
        this.stamp = stamp;
        this.smallSize = smallSize;
        this.largeSize = largeSize;
    }

    /** Runs {@code operations} stamped operations, or until {@code deadlineNanos} if it is not 0. */
    long run(long operations, long deadlineNanos) {
        long done = 0;
        while (done < operations && (deadlineNanos == 0 || (done & 1023) != 0 || System.nanoTime() < deadlineNanos)) {
            long a = arena.allocateOffset(smallSize);
            long b = arena.allocateOffset(largeSize);
            check(a);
            check(b);
            giveBack(b);
            giveBack(a);
            done++;
        }
        return done;
    }

    /** Stamped operations whose claim or release found another holder's stamp: must stay 0. */
    long doubleHandOuts() {
        return doubleHandOuts;
    }

    /** Allocations that found every fitting pool empty (legal under contention, counted for the report). */
    long exhausted() {
        return exhausted;
    }

    private void check(long offset) {
        if (offset < 0) {
            exhausted++;
        } else if (!ChunkStamp.claim(memory, offset, stamp)) {
            doubleHandOuts++;
        }
    }

    private void giveBack(long offset) {
        if (offset < 0) {
            return;
        }
        if (!ChunkStamp.release(memory, offset, stamp)) {
            doubleHandOuts++;
        }
        arena.deallocateOffset(offset);
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One thread's stamped traffic on an arena: each operation allocates two chunks (one from each of
 * the first two sizes, so both pools and the promotion path are hit), claims both with
 * {@link ChunkStamp}, writes its stamp into the chunk's first 8 bytes as payload, checks that
 * payload before it releases the chunk, and frees them again in the reverse order. A violation is
 * a claim or release that finds another holder's stamp (a double hand-out) or a payload that
 * changed while the chunk was held (someone wrote into a chunk they did not hold). At most two
 * chunks are held at any moment, which bounds what a killed process can lose.
 */
final class Hammer {

    private static final ValueLayout.OfLong PAYLOAD = ValueLayout.JAVA_LONG;

    private final SlabAllocator arena;
    private final MemorySegment memory;
    private final long stamp;
    private final long smallSize;
    private final long largeSize;
    private long violations;
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

    /** Double hand-outs and writes into held chunks seen so far: must stay 0. */
    long violations() {
        return violations;
    }

    /** Allocations that found every fitting pool empty (legal under contention, counted for the report). */
    long exhausted() {
        return exhausted;
    }

    private void check(long offset) {
        if (offset < 0) {
            exhausted++;
        } else if (ChunkStamp.claim(memory, offset, stamp)) {
            memory.set(PAYLOAD, offset, stamp);
        } else {
            violations++;
        }
    }

    private void giveBack(long offset) {
        if (offset < 0) {
            return;
        }
        if (memory.get(PAYLOAD, offset) != stamp || !ChunkStamp.release(memory, offset, stamp)) {
            violations++;
        }
        arena.deallocateOffset(offset);
    }
}

package io.arenagen.runtime.inspect;

import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Counts the free chunks of one ready pool by following its list from the head, and says how the
 * list is broken if it is. Unlike the audit at attach, which stops at the first fault and needs no
 * count, an inspection wants both; like it, the walk reads nothing at an index it has not checked
 * and ends within {@code count} steps, and it counts only if the head is unchanged afterwards (other
 * processes may pop and push meanwhile, and a link read from a chunk popped mid-walk is its holder's
 * data). A pool that never holds still is reported as not settled, with the last walk's numbers.
 */
final class FreeListWalk {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final VarHandle INT = LittleEndian.INT;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final int ATTEMPTS = 8;

    /**
     * @param head the tagged head word the walk started from
     * @param free entries walked before the end of the list or the fault
     * @param kind {@link Problem.Kind#CYCLE}, {@link Problem.Kind#INDEX_OUT_OF_RANGE}, or null for a sound list
     * @param fault the fault in words, or null
     * @param settled whether the head was the same after the walk
     */
    record Result(long head, long free, Problem.Kind kind, String fault, boolean settled) {
    }

    private FreeListWalk() {
    }

    static Result walk(MemorySegment memory, ArenaLayout layout, int pool) {
        Result result = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long head = (long) LONG.getAcquire(memory, layout.headOffset(pool));
            result = once(memory, layout, pool, head);
            VarHandle.acquireFence(); // the plain link loads complete before the head is read again
            if ((long) LONG.getAcquire(memory, layout.headOffset(pool)) == head) {
                return result;
            }
            Thread.onSpinWait();
        }
        return new Result(result.head(), result.free(), null, null, false);
    }

    private static Result once(MemorySegment memory, ArenaLayout layout, int pool, long head) {
        long count = layout.count();
        long chunks = layout.chunksOffset(pool);
        int shift = layout.chunkShift(pool);
        long first = head & INDEX_MASK;
        if (first != INDEX_MASK && first >= count) {
            return new Result(head, 0, Problem.Kind.INDEX_OUT_OF_RANGE,
                    "head index " + first + " is beyond count " + count, true);
        }
        long index = first;
        long free = 0;
        while (index != INDEX_MASK) {
            if (free == count) {
                return new Result(head, free, Problem.Kind.CYCLE, "the free list does not end: more than " + count
                        + " entries from head index " + first + " (a cycle)", true);
            }
            free++;
            long next = (int) INT.get(memory, chunks + (index << shift)) & INDEX_MASK;
            if (next != INDEX_MASK && next >= count) {
                return new Result(head, free, Problem.Kind.INDEX_OUT_OF_RANGE, "free chunk " + index
                        + " links to index " + next + ", beyond count " + count, true);
            }
            index = next;
        }
        return new Result(head, free, null, null, true);
    }
}

package io.arenagen.runtime.stress;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.layout.ArenaLayout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * One stress worker (a thread, or the main thread of a child process): it allocates chunks of
 * random sizes through the offset API, holds up to {@code maxHeld} of them at once, and frees them
 * in random order, until its time is up.
 *
 * <p>While it holds a chunk, the chunk is claimed in an {@link OwnershipTable} and filled with a
 * stamp unique to this holding (owner and sequence number); just before the chunk is freed, every
 * word of the stamp is checked. A chunk handed out twice therefore shows up twice over: as a failed
 * claim, and as a stamp overwritten by the other holder (or by the free-list link of a push).
 */
final class ChunkStamper {

    private static final int CLOCK_CHECK_INTERVAL = 64;

    private final SlabAllocator arena;
    private final MemorySegment memory;
    private final ArenaLayout layout;
    private final OwnershipTable table;
    private final int owner;
    private final long maxRequest;
    private final int maxHeld;
    private final SplittableRandom random;

    private long sequence;
    private long allocations;
    private long misses;
    private long promoted;
    private long doubleHandOuts;
    private long corruptions;

    /**
     * @param owner this worker's id, at least 1 (0 marks a free slot)
     * @param maxRequest largest request size; requests are uniform in {@code 0 .. maxRequest}
     * @param maxHeld most chunks held at once
     */
    ChunkStamper(SlabAllocator arena, ArenaLayout layout, OwnershipTable table, int owner, long maxRequest,
                 int maxHeld, long seed) {
        if (owner < 1 || owner > 0xFFFF) {
            throw new IllegalArgumentException("owner = " + owner + " must be in 1 .. 65535");
        }
        this.arena = arena;
        this.memory = arena.memory();
        this.layout = layout;
        this.table = table;
        this.owner = owner;
        this.maxRequest = maxRequest;
        this.maxHeld = maxHeld;
        this.random = new SplittableRandom(seed);
    }

    /** Runs for {@code millis} milliseconds, then frees everything it still holds. */
    StressReport run(long millis) {
        long[] held = new long[maxHeld];
        long[] stamps = new long[maxHeld];
        int heldCount = 0;
        long deadline = System.nanoTime() + millis * 1_000_000L;
        for (long round = 0; (round % CLOCK_CHECK_INTERVAL != 0) || System.nanoTime() - deadline < 0; round++) {
            if (heldCount == 0 || (heldCount < maxHeld && random.nextBoolean())) {
                long offset = take(random.nextLong(maxRequest + 1));
                if (offset >= 0) {
                    held[heldCount] = offset;
                    stamps[heldCount] = stamp(offset);
                    heldCount++;
                }
            } else {
                int pick = random.nextInt(heldCount);
                give(held[pick], stamps[pick]);
                heldCount--;
                held[pick] = held[heldCount];
                stamps[pick] = stamps[heldCount];
            }
        }
        while (heldCount > 0) {
            heldCount--;
            give(held[heldCount], stamps[heldCount]);
        }
        return new StressReport(allocations, misses, promoted, doubleHandOuts, corruptions);
    }

    /** Allocates and claims a chunk; -1 if none was had (a miss, or a chunk someone else holds). */
    private long take(long size) {
        long offset = arena.allocateOffset(size);
        if (offset < 0) {
            misses++;
            return -1;
        }
        int pool = layout.poolOf(offset);
        if (pool < 0 || (offset - layout.chunksOffset(pool)) % layout.chunkSize(pool) != 0
                || layout.chunkSize(pool) < size) {
            corruptions++;
            return -1;
        }
        allocations++;
        if (pool > smallestFittingPool(size)) {
            promoted++;
        }
        if (!table.claim(slotOf(pool, offset), owner)) {
            doubleHandOuts++; // the other holder frees it; freeing it here too would corrupt the list
            return -1;
        }
        return offset;
    }

    /** Fills the chunk with this holding's stamp; returns the stamp. */
    private long stamp(long offset) {
        long stamp = ((long) owner << 48) | (++sequence & 0xFFFF_FFFF_FFFFL);
        long words = layout.chunkSize(layout.poolOf(offset)) / Long.BYTES;
        for (long i = 0; i < words; i++) {
            memory.set(ValueLayout.JAVA_LONG, offset + i * Long.BYTES, stamp + i);
        }
        return stamp;
    }

    /** Checks the stamp, releases ownership, then frees (in that order: the chunk is free only after release). */
    private void give(long offset, long stamp) {
        int pool = layout.poolOf(offset);
        long words = layout.chunkSize(pool) / Long.BYTES;
        for (long i = 0; i < words; i++) {
            if (memory.get(ValueLayout.JAVA_LONG, offset + i * Long.BYTES) != stamp + i) {
                corruptions++;
                break;
            }
        }
        if (!table.release(slotOf(pool, offset), owner)) {
            doubleHandOuts++;
        }
        arena.deallocateOffset(offset);
    }

    private int slotOf(int pool, long offset) {
        long index = (offset - layout.chunksOffset(pool)) / layout.chunkSize(pool);
        return (int) (pool * layout.count() + index);
    }

    private int smallestFittingPool(long size) {
        int pool = 0;
        while (layout.chunkSize(pool) < size) {
            pool++;
        }
        return pool;
    }
}

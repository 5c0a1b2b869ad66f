package io.arenagen.runtime.testkit;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.layout.ArenaLayout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One worker's stamped traffic on an arena (a thread of a test, or of a {@link HammerMain} child):
 * it allocates chunks of random sizes ({@code 0 .. maxRequest}, so every pool and the promotion path
 * are hit) through the offset API, holds up to {@code maxHeld} of them at once and frees them in
 * random order.
 *
 * <p>Every chunk it holds is claimed with {@link ChunkStamp} right after allocation and filled, in
 * every other word, with a pattern unique to this holding; just before the chunk is freed the whole
 * pattern is checked and the stamp released. A chunk handed out twice therefore shows up twice
 * over: as a failed claim or release (a double hand-out), and as a pattern overwritten by the other
 * holder or by the free-list link of a push (a corruption). An offset that is not the start of a
 * chunk large enough for the request is a corruption too. A chunk whose claim failed is neither
 * kept nor freed (its other holder frees it). At most {@code maxHeld} chunks are held at any moment,
 * which bounds what a killed process can lose.
 */
public final class Hammer {

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;
    private static final int CLOCK_CHECK_INTERVAL = 64;

    private final SlabAllocator arena;
    private final MemorySegment memory;
    private final ArenaLayout layout;
    private final long stamp;
    private final long maxRequest;
    private final int maxHeld;
    private final SplittableRandom random;

    /** Whether a dead process's stamp on a chunk is taken over ({@link ChunkStamp#claimOverDead}). */
    private boolean overDead;

    private long sequence;
    private long allocations;
    private long misses;
    private long promoted;
    private long doubleHandOuts;
    private long corruptions;

    /**
     * @param stamp this worker's {@link ChunkStamp}, unique among all workers on the arena
     * @param maxRequest largest request size; requests are uniform in {@code 0 .. maxRequest}
     * @param maxHeld most chunks held at once, at least 1
     */
    public Hammer(SlabAllocator arena, ArenaLayout layout, long stamp, long maxRequest, int maxHeld, long seed) {
        if (stamp == 0 || maxHeld < 1) {
            throw new IllegalArgumentException("stamp " + stamp + " must not be 0, maxHeld " + maxHeld + " at least 1");
        }
        this.arena = arena;
        this.memory = arena.memory();
        this.layout = layout;
        this.stamp = stamp;
        this.maxRequest = maxRequest;
        this.maxHeld = maxHeld;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Makes this worker take over chunks that carry a dead process's stamp, as reclaimed chunks do
     * ({@link ChunkStamp#claimOverDead}); returns this worker.
     */
    public Hammer overDead() {
        overDead = true;
        return this;
    }

    /** A condition for {@link #run}: true until {@code deadlineNanos} ({@link System#nanoTime()}), always if 0. */
    public static BooleanSupplier until(long deadlineNanos) {
        return deadlineNanos == 0 ? () -> true : () -> System.nanoTime() - deadlineNanos < 0;
    }

    /**
     * Makes at most {@code attempts} allocation attempts while {@code going} holds (asked every few
     * steps), then frees everything still held; returns what it saw in this run.
     */
    public HammerReport run(long attempts, BooleanSupplier going) {
        HammerReport before = report();
        long[] held = new long[maxHeld];
        long[] fills = new long[maxHeld];
        int heldCount = 0;
        long tried = 0;
        for (long step = 0; tried < attempts && (step % CLOCK_CHECK_INTERVAL != 0 || going.getAsBoolean()); step++) {
            if (heldCount == 0 || (heldCount < maxHeld && random.nextBoolean())) {
                tried++;
                long offset = take(random.nextLong(maxRequest + 1));
                if (offset >= 0) {
                    held[heldCount] = offset;
                    fills[heldCount] = fill(offset);
                    heldCount++;
                }
            } else {
                int pick = random.nextInt(heldCount);
                give(held[pick], fills[pick]);
                heldCount--;
                held[pick] = held[heldCount];
                fills[pick] = fills[heldCount];
            }
        }
        while (heldCount > 0) {
            heldCount--;
            give(held[heldCount], fills[heldCount]);
        }
        return report().minus(before);
    }

    /** Everything this worker saw so far, over all its runs. */
    public HammerReport report() {
        return new HammerReport(allocations, misses, promoted, doubleHandOuts, corruptions);
    }

    /**
     * Runs each of {@code hammers} in a thread of its own, all at once, and returns the sum of their
     * reports; fails the test if one does not finish within {@code bound} or throws.
     */
    public static HammerReport runInThreads(List<Hammer> hammers, long attempts, BooleanSupplier going,
                                            Duration bound) throws InterruptedException {
        HammerReport[] reports = new HammerReport[hammers.size()];
        Thread[] threads = new Thread[hammers.size()];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> reports[index] = hammers.get(index).run(attempts, going), "hammer-" + t);
            threads[t].setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
            threads[t].start();
        }
        long deadline = System.nanoTime() + bound.toNanos();
        HammerReport total = HammerReport.NONE;
        for (int t = 0; t < threads.length; t++) {
            threads[t].join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (threads[t].isAlive()) {
                throw new AssertionError("hammer thread " + t + " did not finish within " + bound);
            }
            if (failure.get() != null) {
                throw new AssertionError("a hammer thread failed: " + failure.get(), failure.get());
            }
            total = total.plus(reports[t]);
        }
        return total;
    }

    /** Allocates and claims a chunk; -1 if none was had (a miss, a wild offset, or a chunk someone else holds). */
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
        if (pool > 0 && layout.chunkSize(pool - 1) >= size) { // a smaller pool would have fitted
            promoted++;
        }
        if (!(overDead ? ChunkStamp.claimOverDead(memory, offset, stamp) : ChunkStamp.claim(memory, offset, stamp))) {
            doubleHandOuts++;
            return -1;
        }
        return offset;
    }

    /** Fills every word of the chunk but the stamp word with this holding's pattern; returns the pattern. */
    private long fill(long offset) {
        long fill = stamp ^ (++sequence * 0x9E37_79B9_7F4A_7C15L);
        long words = layout.chunkSize(layout.poolOf(offset)) / Long.BYTES;
        for (long i = 0; i < words; i++) {
            if (i * Long.BYTES != ChunkStamp.OFFSET) {
                memory.set(WORD, offset + i * Long.BYTES, fill + i);
            }
        }
        return fill;
    }

    /** Checks the pattern, releases the stamp, then frees (in that order: the chunk is free only after release). */
    private void give(long offset, long fill) {
        long words = layout.chunkSize(layout.poolOf(offset)) / Long.BYTES;
        for (long i = 0; i < words; i++) {
            if (i * Long.BYTES != ChunkStamp.OFFSET && memory.get(WORD, offset + i * Long.BYTES) != fill + i) {
                corruptions++;
                break;
            }
        }
        if (!ChunkStamp.release(memory, offset, stamp)) {
            doubleHandOuts++;
        }
        arena.deallocateOffset(offset);
    }
}

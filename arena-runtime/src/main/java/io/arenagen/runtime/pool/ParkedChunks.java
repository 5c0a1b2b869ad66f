package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.owner.OwnerTable;

import java.lang.foreign.MemorySegment;

/**
 * The chunks one thread cache has parked, apart from the cache itself so that a {@link
 * java.lang.ref.Cleaner} can return them when the cache becomes unreachable without {@code close()}:
 * the cleaning action must not reach the cache. Pool {@code p}'s chunks are
 * {@code slots[p * cap .. p * cap + counts[p])}, the most recently parked last.
 *
 * <p>The arena keeps every live instance (for {@link AbstractSlabArena#stats()}), the cache and the
 * cleaner one each. Memory ordering: the cache's thread reads and writes {@link #counts} and
 * {@link #slots} with plain accesses (its fast path has no atomics); {@link #parked(int)} from another
 * thread ({@code stats()}) is a plain read of an {@code int}, never torn, possibly stale: a best effort,
 * like a free count taken while the pool moves. {@link #run()} runs once, on the cache's thread from
 * {@code close()}, or on the cleaner's thread after the cache became unreachable, which the JDK's
 * reference processing orders after the cache's last use.
 */
final class ParkedChunks implements Runnable {

    final long[] slots;
    final int[] counts;
    final int cap;
    private final AbstractSlabArena arena;
    private final MemorySegment memory;
    private final ArenaLayout layout;

    ParkedChunks(AbstractSlabArena arena, int cap) {
        this.arena = arena;
        this.memory = arena.memory;
        this.layout = arena.layout();
        this.cap = cap;
        this.counts = new int[layout.poolCount()];
        this.slots = new long[Math.multiplyExact(layout.poolCount(), cap)];
    }

    /** Chunks of {@code pool} parked now (plain read; see the class comment). */
    int parked(int pool) {
        return counts[pool];
    }

    /**
     * Pushes {@code n} chunks of {@code pool}, starting at {@code slots[at]}, back in one batch. With
     * reclamation each chunk's owner entry is cleared first (plain stores, before the batch's release CAS).
     */
    void push(int pool, int at, int n) {
        OwnerTable owners = arena.owners;
        if (owners != null) {
            long first = layout.chunksOffset(pool);
            int shift = layout.chunkShift(pool);
            long base = OwnerTable.firstChunk(pool, layout.count());
            for (int i = at; i < at + n; i++) {
                owners.drop(base + ((slots[i] - first) >>> shift));
            }
        }
        FreeListBatch.pushBatch(memory, layout.headOffset(pool), layout.chunksOffset(pool), layout.chunkShift(pool),
                slots, at, n);
    }

    /**
     * Returns every parked chunk, one batch per pool, and leaves the arena's registry. When the arena is
     * closed its memory is gone: there is nothing to return to, and nothing is thrown (a cleaner must not).
     */
    @Override
    public void run() {
        try {
            for (int pool = 0; pool < counts.length; pool++) {
                int n = counts[pool];
                if (n > 0) {
                    push(pool, pool * cap, n);
                    counts[pool] = 0;
                }
            }
        } catch (IllegalStateException closed) {
            return; // the arena was closed first: its memory and its chunks are gone (finally still deregisters)
        } finally {
            arena.caches.remove(this);
        }
    }
}

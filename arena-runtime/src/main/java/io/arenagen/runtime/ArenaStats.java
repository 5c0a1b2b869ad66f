package io.arenagen.runtime;

import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of every pool of one arena, taken by {@link SlabAllocator#stats()}. The pools
 * are read one after another, not at one instant: while other threads or processes allocate, the
 * totals add numbers from slightly different moments.
 *
 * @param arena what the arena is, for example {@code "FeedArenaImpl over shared object /feed"}
 * @param pools one entry per pool, in pool order (ascending chunk size)
 */
public record ArenaStats(String arena, List<PoolStats> pools) {

    /** Copies {@code pools}, so a snapshot never changes. */
    public ArenaStats {
        Objects.requireNonNull(arena, "arena");
        pools = List.copyOf(pools);
    }

    /** Free chunks of all pools. */
    public long free() {
        long sum = 0;
        for (PoolStats pool : pools) {
            sum += pool.free();
        }
        return sum;
    }

    /** Chunks in use in all pools. */
    public long inUse() {
        long sum = 0;
        for (PoolStats pool : pools) {
            sum += pool.inUse();
        }
        return sum;
    }

    /** Chunks of all pools parked in this process's thread caches (counted in {@link #inUse()} too). */
    public long parked() {
        long sum = 0;
        for (PoolStats pool : pools) {
            sum += pool.parked();
        }
        return sum;
    }

    /** Exhaustions of all pools. */
    public long exhaustions() {
        long sum = 0;
        for (PoolStats pool : pools) {
            sum += pool.exhaustions();
        }
        return sum;
    }
}

package io.arenagen.runtime;

import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of every pool of one arena, taken by {@link SlabAllocator#stats()}. The pools
 * are read one after another, not at one instant: while other threads or processes allocate, the
 * totals add numbers from slightly different moments.
 *
 * <p>A {@linkplain PoolStats#corrupt() corrupt} pool has no free or in-use count, so neither have the
 * totals: {@link #free()} and {@link #inUse()} are {@value PoolStats#UNKNOWN} while {@link #corrupt()}.
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

    /** Free chunks of all pools, or {@value PoolStats#UNKNOWN} if a pool is corrupt. */
    public long free() {
        long sum = 0;
        for (PoolStats pool : pools) {
            if (pool.corrupt()) {
                return PoolStats.UNKNOWN;
            }
            sum += pool.free();
        }
        return sum;
    }

    /** Chunks in use in all pools, or {@value PoolStats#UNKNOWN} if a pool is corrupt. */
    public long inUse() {
        long sum = 0;
        for (PoolStats pool : pools) {
            if (pool.corrupt()) {
                return PoolStats.UNKNOWN;
            }
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

    /** Exhaustions of all pools (a corrupt pool's counter included: it lives in the header, not the list). */
    public long exhaustions() {
        long sum = 0;
        for (PoolStats pool : pools) {
            sum += pool.exhaustions();
        }
        return sum;
    }

    /** How many pools are {@linkplain PoolStats#corrupt() corrupt}; 0 for a healthy arena. */
    public int corruptPools() {
        int corrupt = 0;
        for (PoolStats pool : pools) {
            if (pool.corrupt()) {
                corrupt++;
            }
        }
        return corrupt;
    }

    /** Whether any pool is {@linkplain PoolStats#corrupt() corrupt}. */
    public boolean corrupt() {
        return corruptPools() > 0;
    }
}

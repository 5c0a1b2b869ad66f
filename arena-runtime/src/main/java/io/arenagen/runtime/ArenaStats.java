package io.arenagen.runtime;

import java.util.List;

/** A snapshot of every pool of one arena, with totals over the pools. */
public record ArenaStats(String arena, List<PoolStats> pools) {

    public ArenaStats {
        pools = List.copyOf(pools);
    }

    /** Free chunks over all pools. */
    public long free() {
        return pools.stream().mapToLong(PoolStats::free).sum();
    }

    /** Chunks in use over all pools. */
    public long inUse() {
        return pools.stream().mapToLong(PoolStats::inUse).sum();
    }

    /** Exhaustions over all pools. */
    public long exhaustions() {
        return pools.stream().mapToLong(PoolStats::exhaustions).sum();
    }
}

package io.arenagen.runtime;

/**
 * A snapshot of one pool: its capacity, how many chunks are free and in use, how many pops and pushes
 * succeeded (the head's generation, mod 2³²) and how many requests found it empty.
 */
public record PoolStats(int pool, long chunkSize, long capacity, long free, long inUse, long operations,
                        long exhaustions) {
}

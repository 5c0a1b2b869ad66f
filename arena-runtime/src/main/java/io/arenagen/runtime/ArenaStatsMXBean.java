package io.arenagen.runtime;

import java.util.List;

/**
 * An arena's statistics as JMX attributes, registered with {@link ArenaManagement#register}. Every
 * attribute read takes a fresh {@link SlabAllocator#stats()} snapshot (so two attributes read one
 * after another may come from different moments; read {@link #getPools()} for one consistent set).
 * Through JMX, {@link #getPools()} is an array of {@code CompositeData} with the items of
 * {@link PoolStats}: {@code pool}, {@code chunkSize}, {@code capacity}, {@code free}, {@code inUse},
 * {@code operations}, {@code exhaustions}, {@code parked}, {@code corruption} (null for a sound pool).
 *
 * <p>A corrupt pool (see {@link PoolStats#corrupt()}) fails no read: {@link #getFree()} and
 * {@link #getInUse()} are then {@value PoolStats#UNKNOWN} and {@link #getCorruptPools()} counts it, a
 * number a JMX monitor can alert on.
 */
public interface ArenaStatsMXBean {

    /** {@link ArenaStats#arena()}: the arena's class and memory. */
    String getArena();

    /** Free chunks of all pools; {@value PoolStats#UNKNOWN} if a pool is corrupt. */
    long getFree();

    /** Chunks in use in all pools; {@value PoolStats#UNKNOWN} if a pool is corrupt. */
    long getInUse();

    /** Exhaustions of all pools. */
    long getExhaustions();

    /** Pools whose free list is corrupt; 0 for a healthy arena. */
    int getCorruptPools();

    /** Every pool's numbers, from one snapshot. */
    List<PoolStats> getPools();
}

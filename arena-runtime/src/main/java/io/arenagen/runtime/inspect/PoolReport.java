package io.arenagen.runtime.inspect;

import io.arenagen.runtime.PoolStats;

/**
 * One pool as inspected.
 *
 * @param stats capacity, free, in use, operations (the head's generation, mod 2³²) and exhaustions; free
 *     and in use count only for a {@link MagicState#READY} pool whose list was walked (0 otherwise); in a
 *     broken list (a {@link Problem.Kind#CYCLE} or {@link Problem.Kind#INDEX_OUT_OF_RANGE} problem of this
 *     pool), free is the number of entries walked before the fault
 * @param magic what the magic word says
 * @param initializerPid the pid its initializer recorded, 0 if none (C++ records none)
 * @param initializerPidNamespace the pid-namespace inode recorded beside it, 0 if none
 * @param initializer whether that process still runs
 * @param settled whether the free-list walk saw the head unchanged from start to end; false when other
 *     processes kept allocating and freeing meanwhile, and then free and in use are approximate
 */
public record PoolReport(PoolStats stats, MagicState magic, long initializerPid, long initializerPidNamespace,
                         Liveness initializer, boolean settled) {
}

package io.arenagen.runtime.inspect;

import io.arenagen.runtime.PoolStats;

/**
 * One pool as inspected.
 *
 * @param stats capacity, free, in use, operations (the head's generation, mod 2³²) and exhaustions; free
 *     and in use count only when {@code counted} (0 otherwise)
 * @param magic what the magic word says
 * @param initializerPid the pid its initializer recorded, 0 if none (C++ records none)
 * @param initializerPidNamespace the pid-namespace inode recorded beside it, 0 if none
 * @param initializer whether that process still runs
 * @param settled whether the free-list walk saw the head unchanged from start to end; false when other
 *     processes kept allocating and freeing meanwhile, and then free and in use are approximate (true for a
 *     pool that was not walked)
 * @param counted whether free and in use were counted by walking the free list: only for a ready pool that
 *     an arena of the configuration accepts; a pool it refuses is not walked (its layout is not trusted),
 *     and a fresh or busy pool has no list yet, so free and in use are 0 there and mean nothing
 */
public record PoolReport(PoolStats stats, MagicState magic, long initializerPid, long initializerPidNamespace,
                         Liveness initializer, boolean settled, boolean counted) {
}

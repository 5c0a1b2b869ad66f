/**
 * The lock-free pools: {@link io.arenagen.runtime.pool.FreeList} (pop and push on a tagged head),
 * {@link io.arenagen.runtime.pool.PoolInitializer} (the cross-process magic-word protocol) and
 * {@link io.arenagen.runtime.pool.AbstractSlabArena}, the base of generated and run-time arenas.
 * Generated code calls into this package with compile-time constants.
 */
package io.arenagen.runtime.pool;

/**
 * For generated code only, as {@code dagger.internal} is: the base class of generated and run-time
 * arenas ({@link io.arenagen.runtime.pool.AbstractSlabArena}), the free-list operations that generated
 * code calls with compile-time constants ({@link io.arenagen.runtime.pool.FreeList}), checked mode's
 * bookkeeping, the cross-process initialization protocol, and the slow paths that count exhaustions and
 * emit the JFR events {@code io.arenagen.Exhaustion} and {@code io.arenagen.Promotion}. Exported because generated classes live
 * in the user's packages; not API: it changes with the processor that generates calls into it. Program
 * against {@link io.arenagen.runtime.SlabAllocator} and {@link io.arenagen.runtime.SlabArenas}.
 */
package io.arenagen.runtime.pool;

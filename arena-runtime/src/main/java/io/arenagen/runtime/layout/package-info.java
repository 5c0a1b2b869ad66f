/**
 * The single source of truth for configuration rules ({@link io.arenagen.runtime.layout.ArenaRules})
 * and byte layout ({@link io.arenagen.runtime.layout.ArenaLayout},
 * {@link io.arenagen.runtime.layout.PoolHeader}). The annotation processor and the run-time
 * factories both use these classes, so a compile-time arena and a run-time arena can never disagree.
 * {@link io.arenagen.runtime.layout.PoolReader} reads a pool's statistics from any memory laid out this
 * way, without an arena object and without writing.
 */
package io.arenagen.runtime.layout;

/**
 * The single source of truth for configuration rules ({@link io.arenagen.runtime.layout.ArenaRules})
 * and byte layout ({@link io.arenagen.runtime.layout.ArenaLayout},
 * {@link io.arenagen.runtime.layout.PoolHeader}). The annotation processor and the run-time
 * factories both use these classes, so a compile-time arena and a run-time arena can never disagree.
 */
package io.arenagen.runtime.layout;

/**
 * Looking at an arena from outside the processes that use it: {@link io.arenagen.runtime.SharedMemory#inspect}
 * maps a shared object read-only and returns an {@link io.arenagen.runtime.inspect.ArenaReport} — the
 * configuration, each pool's numbers and state, the initializers' liveness, and the problems found. It
 * never writes to the object and never takes part in its traffic, so it is safe against a live arena,
 * a C++-created one, or a damaged one.
 */
package io.arenagen.runtime.inspect;

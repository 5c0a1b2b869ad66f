/**
 * Memory backends: private anonymous mappings and POSIX shared-memory objects, mapped through
 * {@code mmap} with huge pages tried first, exposed as one {@link java.lang.foreign.MemorySegment}
 * whose scope ends when the region is closed.
 */
package io.arenagen.runtime.memory;

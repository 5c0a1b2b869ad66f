/**
 * Bounded lock-free queues in private or POSIX shared memory, byte-compatible with the C++ Join
 * library's {@code BasicQueue} ({@code join/queue.hpp}): {@link io.arenagen.runtime.queue.LongRing} of
 * 64-bit values (chunk offsets), made by {@link io.arenagen.runtime.queue.LongRings} or generated from
 * {@code @io.arenagen.Ring}. Named "ring" so that nothing here clashes with {@link java.util.Queue} (whose
 * boxed, unbounded-looking contract these are not) or with {@code java.lang.foreign}.
 */
package io.arenagen.runtime.queue;

/**
 * Bounded lock-free queues in private or POSIX shared memory, byte-compatible with the C++ Join
 * library's {@code BasicQueue} ({@code join/queue.hpp}): {@link io.arenagen.runtime.queue.LongRing} of
 * 64-bit values (chunk offsets), made by {@link io.arenagen.runtime.queue.LongRings}, and
 * {@link io.arenagen.runtime.queue.StructRing} of fixed-size elements ({@code @Struct} records), made by
 * {@link io.arenagen.runtime.queue.StructRings}; both also generated from {@code @io.arenagen.Ring}, and both
 * {@link io.arenagen.runtime.queue.BoundedRing}s. Named "ring" so that nothing here clashes with
 * {@link java.util.Queue} (whose boxed, unbounded-looking contract these are not) or with
 * {@code java.lang.foreign}.
 */
package io.arenagen.runtime.queue;

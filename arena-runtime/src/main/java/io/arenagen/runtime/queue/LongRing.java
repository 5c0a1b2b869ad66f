package io.arenagen.runtime.queue;

/**
 * A bounded lock-free queue of 64-bit values (the usual one: chunk offsets of a shared arena) in private
 * or POSIX shared memory, byte-compatible with the C++ Join library's
 * {@code BasicQueue<uint64_t, LocalMem|ShmMem, Spsc|Mpsc|Mpmc>}. A C++ process and Java processes may
 * offer and poll one shared queue together.
 *
 * <p>Not a {@link java.util.Queue}: elements are primitive {@code long}s, nothing is boxed, and the
 * non-blocking calls never allocate. Who may call what depends on the {@link #policy()}: with
 * {@link RingPolicy#SPSC} one thread offers and one thread polls (across every process), with
 * {@link RingPolicy#MPSC} one thread polls. Breaking that contract loses or duplicates elements.
 *
 * <p>Every value is legal, so an empty poll returns the caller's {@code ifEmpty} value: use -1 for chunk
 * offsets, which are never negative.
 *
 * <p>What every queue has (sizes, stats, stall recovery, {@code mlock}, {@code close}) is in
 * {@link BoundedRing}. After {@link #close()} every call that touches the memory throws
 * {@link IllegalStateException}.
 */
public interface LongRing extends BoundedRing {

    /**
     * Offers {@code value}; false if the queue is full.
     *
     * @return whether the value was enqueued
     */
    boolean offer(long value);

    /**
     * Polls the oldest value.
     *
     * @param ifEmpty what to return when there is nothing to poll
     * @return the value, or {@code ifEmpty}
     */
    long poll(long ifEmpty);

    /**
     * Offers {@code values[from .. from + length)} in order, as many as fit.
     *
     * @return how many were enqueued, from the first on; 0 if the queue is full
     * @throws IndexOutOfBoundsException if the range is not inside {@code values}
     */
    int offer(long[] values, int from, int length);

    /**
     * Polls up to {@code max} values into {@code into[from ..]}, oldest first.
     *
     * @return how many were polled; 0 if none was ready
     * @throws IndexOutOfBoundsException if the range is not inside {@code into}
     */
    int poll(long[] into, int from, int max);

    /**
     * Offers {@code value}, waiting with {@code idle} while the queue is full, at most {@code timeoutNanos}.
     *
     * @return whether the value was enqueued in time
     */
    boolean offer(long value, long timeoutNanos, IdleStrategy idle);

    /**
     * Polls, waiting with {@code idle} while nothing is ready, at most {@code timeoutNanos}. A wait that
     * ends behind a slot that a producer claimed and never published (it may have died between the two
     * steps) is counted in {@link RingStats#stalls()}; see {@link #skipStalled(long)}.
     *
     * @return the value, or {@code ifEmpty} if none was ready in time
     */
    long poll(long ifEmpty, long timeoutNanos, IdleStrategy idle);
}

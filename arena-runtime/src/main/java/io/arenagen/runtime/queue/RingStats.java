package io.arenagen.runtime.queue;

/**
 * A snapshot of a queue, read without stopping anybody (so its numbers are each exact, not exact
 * together). The counters live in the queue's header padding and count every arenagen process; the C++
 * library does not count.
 *
 * @param description what the queue is: its class and its memory
 * @param policy the policy
 * @param capacity the number of slots
 * @param pending elements claimed and not yet polled ({@code head - tail}, clamped to 0..capacity)
 * @param offered positions claimed so far by producers (the head: elements ever offered)
 * @param polled positions consumed so far (the tail: elements ever polled or skipped)
 * @param fulls offers that found the queue full
 * @param stalls bounded waits (blocking polls) that ended behind a claimed but unpublished slot
 * @param skipped slots skipped with {@link LongRing#skipStalled(long)}
 * @param stalledPosition the position of the claimed but unpublished slot at the tail, -1 if none
 */
public record RingStats(String description, RingPolicy policy, long capacity, long pending, long offered,
                        long polled, long fulls, long stalls, long skipped, long stalledPosition) {
}

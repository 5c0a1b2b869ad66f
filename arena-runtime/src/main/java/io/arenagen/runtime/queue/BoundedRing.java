package io.arenagen.runtime.queue;

/**
 * What every queue has, whatever its element ({@link LongRing} of 64-bit values, {@link StructRing} of
 * fixed-size structs): its configuration, sizes, counters, the recovery from a producer that died between
 * claiming and publishing a slot, and control of its memory.
 */
public interface BoundedRing extends AutoCloseable {

    /**
     * The position of the slot at the tail if a producer claimed it and has not published it yet, else -1.
     * Such a slot blocks every consumer. A live producer publishes within nanoseconds; a position that stays
     * stalled means its producer died between claiming and publishing. Always -1 for SPSC (its producer
     * claims and publishes in one store).
     */
    long stalledPosition();

    /**
     * Skips the stalled slot at {@code position} (from {@link #stalledPosition()}): marks it consumed and
     * advances the tail past it, losing whatever its producer was about to write. Call it only when that
     * producer is known to be dead (its process is gone): a live producer that publishes later would
     * overwrite the slot of the next lap. With {@link RingPolicy#MPSC} only the consumer thread may call it.
     *
     * @return true if the slot was skipped; false if {@code position} is not the tail, is not claimed, or was
     *     published meanwhile
     * @throws UnsupportedOperationException for SPSC
     */
    boolean skipStalled(long position);

    /** Elements claimed and not yet polled, 0 .. {@link #capacity()}. */
    long size();

    /** Whether {@link #size()} is 0. */
    boolean isEmpty();

    /** The number of slots, a power of two. */
    long capacity();

    /** The policy. */
    RingPolicy policy();

    /** The layout of the queue's bytes. */
    RingLayout layout();

    /** A snapshot of counters and positions; off the fast path. */
    RingStats stats();

    /** Locks the queue's memory in RAM; throws {@code ArenaException} with errno text. */
    void mlock();

    /** Binds the queue's memory to NUMA node {@code numaNode}; throws {@code ArenaException} with errno text. */
    void mbind(int numaNode);

    /** Unmaps the memory; a shared object stays until {@code unlink} of the factory
     * ({@link LongRings#unlink(String)}, {@link StructRings#unlink(String)}). */
    @Override
    void close();
}

package io.arenagen.runtime.queue;

import java.lang.foreign.MemorySegment;

/**
 * A bounded lock-free queue of fixed-size elements (a {@code @Struct} record's bytes, say) in private or
 * POSIX shared memory, byte-compatible with the C++ Join library's {@code BasicQueue<T, LocalMem|ShmMem,
 * Spsc|Mpsc|Mpmc>} for a trivially copyable {@code T} of {@link #elementSize()} bytes aligned to
 * {@link #elementAlignment()}. A C++ process and Java processes may offer and poll one shared queue together.
 *
 * <p>Two ways in and out, neither of which allocates:
 * <ul>
 *   <li>copying: {@link #offer(MemorySegment, long)} copies {@link #elementSize()} bytes from a segment into a
 *       slot, {@link #poll(MemorySegment, long)} copies the oldest element out;</li>
 *   <li>in place: {@link #claim()} returns the offset in {@link #memory()} of a free slot's element, written
 *       there (with the generated {@code <Record>Struct.setX(ring.memory(), offset, ...)}, say) and published
 *       by {@link #commit(long)}; {@link #peek()} returns the offset of the oldest element, read there and
 *       handed back by {@link #release(long)}.</li>
 * </ul>
 *
 * <p>Claim and peek are not free: between {@code claim} and {@code commit} the slot blocks every consumer
 * (SPSC: nothing else can be offered; MPSC/MPMC: later elements wait behind it), and a claim never committed
 * is a stalled slot ({@link #stalledPosition()}). An MPMC {@code peek} takes the slot from the other consumers
 * (it CASes the tail, so two consumers never read one slot), and until its {@code release} producers find the
 * queue full when they come round to that slot again. Commit and release exactly the offsets claim and peek
 * returned, from the thread that got them, once; an offset that is not the claimed (peeked) slot is refused
 * with {@link IllegalArgumentException} and changes nothing.
 *
 * <p>Who may call what depends on the {@link #policy()}: with {@link RingPolicy#SPSC} one thread offers and one
 * thread polls (across every process), with {@link RingPolicy#MPSC} one thread polls. Breaking that contract
 * loses or duplicates elements. After {@link #close()} every call that touches the memory throws
 * {@link IllegalStateException}.
 */
public interface StructRing extends BoundedRing {

    /**
     * The queue's slots (the header of positions and descriptor is not in it, so no in-place write can reach
     * them): {@link #claim()} and {@link #peek()} return offsets into this segment, each a multiple of
     * {@link #elementAlignment()} from a 64-aligned start.
     */
    MemorySegment memory();

    /** {@code sizeof} the element: the bytes an offer or a poll copies. */
    long elementSize();

    /** {@code alignof} the element: every element offset is a multiple of it. */
    long elementAlignment();

    /**
     * Claims a free slot for writing in place.
     *
     * @return the offset in {@link #memory()} of the slot's element, to write and then {@link #commit(long)};
     *     -1 if the queue is full
     */
    long claim();

    /**
     * Claims a free slot, waiting with {@code idle} while the queue is full, at most {@code timeoutNanos}.
     *
     * @return the element's offset, or -1 if no slot was free in time
     */
    long claim(long timeoutNanos, IdleStrategy idle);

    /**
     * Publishes the element written at {@code offset}, which {@link #claim()} returned.
     *
     * @throws IllegalArgumentException if {@code offset} is not a claimed, unpublished slot's element
     */
    void commit(long offset);

    /**
     * The oldest published element, for reading in place.
     *
     * @return the offset in {@link #memory()} of its bytes, to read and then {@link #release(long)}; -1 if
     *     none is ready
     */
    long peek();

    /**
     * Like {@link #peek()}, waiting with {@code idle} while nothing is ready, at most {@code timeoutNanos}. A
     * wait that ends behind a stalled slot is counted in {@link RingStats#stalls()}.
     *
     * @return the element's offset, or -1 if none was ready in time
     */
    long peek(long timeoutNanos, IdleStrategy idle);

    /**
     * Frees the slot of the element at {@code offset}, which {@link #peek()} returned, for the producers.
     *
     * @throws IllegalArgumentException if {@code offset} is not the element this consumer peeked
     */
    void release(long offset);

    /**
     * Copies {@link #elementSize()} bytes at {@code source[sourceOffset ..]} into a free slot and publishes it.
     *
     * @return whether the element was enqueued; false if the queue is full
     * @throws IndexOutOfBoundsException if the bytes are not inside {@code source} (checked before anything
     *     is claimed)
     * @throws IllegalStateException if {@code source} is closed or confined to another thread (checked before
     *     anything is claimed)
     */
    boolean offer(MemorySegment source, long sourceOffset);

    /**
     * Like {@link #offer(MemorySegment, long)}, waiting with {@code idle} while the queue is full, at most
     * {@code timeoutNanos}.
     *
     * @return whether the element was enqueued in time
     */
    boolean offer(MemorySegment source, long sourceOffset, long timeoutNanos, IdleStrategy idle);

    /**
     * Copies the oldest element into {@code target[targetOffset ..]} and frees its slot.
     *
     * @return whether an element was polled; false if none was ready
     * @throws IndexOutOfBoundsException if the bytes are not inside {@code target} (checked before anything
     *     is taken)
     * @throws IllegalArgumentException if {@code target} is read-only
     * @throws IllegalStateException if {@code target} is closed or confined to another thread
     */
    boolean poll(MemorySegment target, long targetOffset);

    /**
     * Like {@link #poll(MemorySegment, long)}, waiting with {@code idle} while nothing is ready, at most
     * {@code timeoutNanos}; a wait that ends behind a stalled slot is counted in {@link RingStats#stalls()}.
     *
     * @return whether an element was polled in time
     */
    boolean poll(MemorySegment target, long targetOffset, long timeoutNanos, IdleStrategy idle);
}

package io.arenagen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a bounded lock-free queue, byte-compatible with the C++ Join library's {@code BasicQueue}: the
 * annotation processor checks the values at compile time and generates {@code <Interface>Impl} with the
 * layout as constants. For 64-bit values (the default {@link #element()}) the interface extends
 * {@code io.arenagen.runtime.queue.LongRing} and declares nothing else:
 *
 * <pre>{@code
 * @Ring(capacity = 1024, policy = Ring.Policy.MPSC, backend = Backend.SHM, name = "/offsets")
 * public interface OffsetQueue extends LongRing {}
 * }</pre>
 *
 * <p>For a {@code @Struct} record as {@link #element()} it extends {@code io.arenagen.runtime.queue.StructRing}
 * (claim/commit to write in place, peek/release to read in place, copying offer/poll of segments) and may declare
 * the typed methods the generated class adds, to call them through the interface: {@code boolean offer(Order)},
 * {@code boolean offer(Order, long timeoutNanos, IdleStrategy)}, {@code Order poll()} and
 * {@code Order poll(long timeoutNanos, IdleStrategy)} (copying through the generated {@code OrderStruct}; a poll
 * allocates the record and returns null when empty):
 *
 * <pre>{@code
 * @Ring(capacity = 256, policy = Ring.Policy.MPMC, element = Order.class, backend = Backend.SHM, name = "/orders")
 * public interface OrderQueue extends StructRing {
 *     boolean offer(Order order);
 * }
 * }</pre>
 *
 * <p>Named "ring", not "queue", so that it never clashes with {@code java.util.Queue} in a user's imports.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Ring {

    /**
     * The number of slots: a power of two (the C++ queue silently rounds any other value up, so a C++
     * peer would see another queue; the processor says to what), at least 2 for MPSC and MPMC.
     */
    long capacity();

    /** Who may offer and poll: the C++ {@code Spsc}, {@code Mpsc} or {@code Mpmc} policy. */
    Policy policy();

    /**
     * The element: {@code long.class}, a 64-bit value such as a chunk offset ({@code uint64_t} in C++), or a
     * {@code @Struct} record (the C++ struct of the same fields: {@code BasicQueue<Order, ...>}); anything else is
     * a compile error on this value.
     */
    Class<?> element() default long.class;

    /** Private memory of this process, or a POSIX shared-memory object named {@link #name()}. */
    Backend backend() default Backend.LOCAL;

    /**
     * The shared-memory object's name ({@code "/offsets"}); with it the generated class also gets a
     * no-argument constructor. Only with {@link Backend#SHM}.
     */
    String name() default "";

    /** Makes the generated class a bean of a container, as for {@link Arena#componentModel()}. */
    ComponentModel componentModel() default ComponentModel.DEFAULT;

    /** The synchronization policies of the C++ {@code BasicQueue}. */
    enum Policy {
        /** One producer thread, one consumer thread. */
        SPSC,
        /** Many producers, one consumer thread. */
        MPSC,
        /** Many producers, many consumers. */
        MPMC
    }
}

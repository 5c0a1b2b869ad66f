package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;
import io.arenagen.runtime.memory.SharedObject;

import java.util.Objects;

/**
 * Queues of fixed-size elements configured at run time, with the rules ({@link RingRules}) and the layout
 * ({@link RingLayout}) of the generated ones, so that a generated queue, a run-time queue of the same
 * configuration and a C++ {@code BasicQueue<T, ShmMem, Spsc|Mpsc|Mpmc>} whose {@code sizeof(T)} and
 * {@code alignof(T)} are the element size and alignment attach to the same shared object. For a
 * {@code @Struct} record pass its generated {@code <Record>Struct.BYTES} and {@code ALIGNMENT}:
 *
 * <pre>{@code
 * try (StructRing ring = StructRings.shared("/orders", RingPolicy.MPSC, 1024, OrderStruct.BYTES,
 *         OrderStruct.ALIGNMENT)) {
 *     long at = ring.claim();
 *     if (at >= 0) {
 *         OrderStruct.write(ring.memory(), at, order);
 *         ring.commit(at);
 *     }
 * }
 * }</pre>
 */
public final class StructRings {

    private StructRings() {
    }

    /**
     * A queue in private memory of this process.
     *
     * @throws IllegalArgumentException if the configuration breaks a rule (a capacity not a power of two, an
     *     element size that is not a multiple of its alignment, say)
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped
     */
    public static StructRing local(RingPolicy policy, long capacity, long elementBytes, long elementAlignment) {
        RingLayout layout = RingLayout.of(policy, capacity, elementBytes, elementAlignment);
        return open(layout, RingMemory.local(layout), 0);
    }

    /**
     * The queue in shared-memory object {@code name} with {@link ShmOptions#defaults()}: created if it does
     * not exist, attached to if it does (then it must be a queue of this policy, capacity and element: one
     * made with another is refused, untouched).
     *
     * @throws IllegalArgumentException if {@code name} or the configuration breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the object cannot be opened or is not this queue
     */
    public static StructRing shared(String name, RingPolicy policy, long capacity, long elementBytes,
                                    long elementAlignment) {
        return shared(name, ShmOptions.defaults(), policy, capacity, elementBytes, elementAlignment);
    }

    /**
     * Like {@link #shared(String, RingPolicy, long, long, long)} with {@code options}. A queue made by the C++
     * library has mode 0644: open it with {@code ShmOptions.defaults().withPermissions(0644)}.
     */
    public static StructRing shared(String name, ShmOptions options, RingPolicy policy, long capacity,
                                    long elementBytes, long elementAlignment) {
        Objects.requireNonNull(options, "options");
        RingLayout layout = RingLayout.of(policy, capacity, elementBytes, elementAlignment);
        return open(layout, RingMemory.shared(name, layout, options), options.initTimeout().toNanos());
    }

    /**
     * Removes the shared object {@code name}; processes that have it mapped keep using it. A missing name
     * is not an error.
     */
    public static void unlink(String name) {
        SharedObject.unlink(name);
    }

    /**
     * The queue of a configuration held as a {@link RingLayout} (a generated class's {@code LAYOUT}, say): in
     * private memory when {@code name} is null, else the shared object {@code name} with {@code options}.
     */
    public static StructRing open(RingLayout layout, String name, ShmOptions options) {
        Objects.requireNonNull(layout, "layout");
        return open(layout, RingMemory.open(layout, name, options), RingMemory.initTimeoutNanos(name, options));
    }

    private static StructRing open(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        return switch (layout.policy()) {
            case SPSC -> new SpscStructRing(layout, region, initTimeoutNanos);
            case MPSC -> new MpscStructRing(layout, region, initTimeoutNanos);
            case MPMC -> new MpmcStructRing(layout, region, initTimeoutNanos);
        };
    }
}

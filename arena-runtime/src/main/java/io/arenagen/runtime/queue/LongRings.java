package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.memory.MappedRegion;
import io.arenagen.runtime.memory.SharedObject;

import java.util.Objects;

/**
 * Queues of 64-bit values configured at run time, with the rules ({@link RingRules}) and the layout
 * ({@link RingLayout}) of the generated ones, so that a generated queue and a run-time queue of the same
 * configuration attach to the same shared object, and so does a C++ {@code BasicQueue<uint64_t, ShmMem,
 * Spsc|Mpsc|Mpmc>} of that capacity.
 *
 * <pre>{@code
 * try (LongRing ring = LongRings.shared("/offsets", RingPolicy.MPSC, 1024)) {
 *     ring.offer(arena.allocateOffset(64));
 *     long offset = ring.poll(-1);
 * }
 * }</pre>
 */
public final class LongRings {

    private LongRings() {
    }

    /**
     * A queue in private memory of this process.
     *
     * @throws IllegalArgumentException if {@code capacity} breaks a rule (not a power of two, say)
     * @throws io.arenagen.runtime.ArenaException if the memory cannot be mapped
     */
    public static LongRing local(RingPolicy policy, long capacity) {
        RingLayout layout = RingLayout.ofLongs(policy, capacity);
        return open(layout, RingMemory.local(layout), 0);
    }

    /**
     * The queue in shared-memory object {@code name} with {@link ShmOptions#defaults()}: created if it does
     * not exist, attached to if it does (then it must be a queue of this policy and capacity).
     *
     * @throws IllegalArgumentException if {@code name} or {@code capacity} breaks a rule
     * @throws io.arenagen.runtime.ArenaException if the object cannot be opened or is not this queue
     */
    public static LongRing shared(String name, RingPolicy policy, long capacity) {
        return shared(name, ShmOptions.defaults(), policy, capacity);
    }

    /**
     * Like {@link #shared(String, RingPolicy, long)} with {@code options} (permissions, the bound on waiting
     * for another initializer, sharing across users). A queue made by the C++ library has mode 0644: open it
     * with {@code ShmOptions.defaults().withPermissions(0644)}.
     */
    public static LongRing shared(String name, ShmOptions options, RingPolicy policy, long capacity) {
        Objects.requireNonNull(options, "options");
        RingLayout layout = RingLayout.ofLongs(policy, capacity);
        return open(layout, RingMemory.shared(name, layout, options), options.initTimeout().toNanos());
    }

    /**
     * Removes the shared object {@code name}; processes that have it mapped keep using it. A missing name
     * is not an error.
     */
    public static void unlink(String name) {
        SharedObject.unlink(name);
    }

    /** The queue of {@code layout}'s policy over {@code region}, initialized or checked. */
    private static LongRing open(RingLayout layout, MappedRegion region, long initTimeoutNanos) {
        if (layout.elementSize() != Long.BYTES) {
            region.close();
            throw new IllegalArgumentException("a LongRing holds 8-byte values, not " + layout.describe());
        }
        return switch (layout.policy()) {
            case SPSC -> new SpscLongRing(layout, region, initTimeoutNanos);
            case MPSC -> new MpscLongRing(layout, region, initTimeoutNanos);
            case MPMC -> new MpmcLongRing(layout, region, initTimeoutNanos);
        };
    }

    /**
     * The queue of a configuration held as a {@link RingLayout} (a generated class's {@code LAYOUT}, say): in
     * private memory when {@code name} is null, else the shared object {@code name} with {@code options}.
     */
    public static LongRing open(RingLayout layout, String name, ShmOptions options) {
        Objects.requireNonNull(layout, "layout");
        return open(layout, RingMemory.open(layout, name, options), RingMemory.initTimeoutNanos(name, options));
    }
}

package io.arenagen.runtime.pool;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an arena of a given configuration refuses to attach to one pool of an object: the judgement of
 * the attach check ({@code PoolInitializer}'s pass over every pool before any is written), made
 * available without throwing so that {@code SharedMemory.inspect} reports exactly what an attaching
 * arena refuses instead of re-implementing it. Reading only: it never writes, so a read-only segment
 * will do.
 *
 * @param reason what kind of refusal it is
 * @param pool the pool refused
 * @param finding what was found, in a phrase ({@code "pool 1 has magic 0x7 where …"}), for callers that
 *     word their own message
 * @param message the arena's whole refusal, as its {@link ArenaException} says it
 */
public record AttachRefusal(Reason reason, int pool, String finding, String message) {

    private static final VarHandle LONG = LittleEndian.LONG;

    /** What an attaching arena refuses. */
    public enum Reason {
        /** A magic word that is neither fresh, busy nor ready. */
        FOREIGN_MAGIC,
        /** A fresh magic over a header that is not all zero: not a pool header of this configuration. */
        FOREIGN_HEADER,
        /** A ready pool whose descriptor tag is neither arenagen's nor zero. */
        FOREIGN_TAG,
        /** A layout descriptor of another version (the old one with chunks at 128, or an unknown one). */
        OTHER_VERSION,
        /** A layout descriptor of another configuration. */
        OTHER_CONFIGURATION,
        /** A free list whose head or a link names an index at or beyond the count. */
        FREE_LIST_INDEX_OUT_OF_RANGE,
        /** A free list that does not end within the count. */
        FREE_LIST_CYCLE
    }

    public AttachRefusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(message, "message");
    }

    /**
     * What an arena of {@code layout} refuses in pool {@code pool} of {@code memory} when it attaches,
     * if anything; a busy pool is not refused here (the arena waits for it or takes it over).
     *
     * @param memory the object, mapped whole (read-only is enough)
     * @param layout the configuration of the arena that would attach
     * @param objectName what to call the object in messages, for example {@code "shared object /feed"}
     * @param pool the pool to judge
     */
    public static Optional<AttachRefusal> of(MemorySegment memory, ArenaLayout layout, String objectName, int pool) {
        return new PoolInitializer(memory, layout, objectName, 0).refusal(pool);
    }

    /**
     * Whether pool 0 was initialized by the C++ library: it is ready (acquire load) and carries no layout
     * descriptor, which an arenagen initializer writes before it stores ready with release semantics. An
     * arena never initializes a pool of such an object: it waits for the C++ creator to do it.
     */
    public static boolean createdByCpp(MemorySegment memory) {
        return (long) LONG.getAcquire(memory, PoolHeader.MAGIC_OFFSET) == PoolHeader.MAGIC_READY
                && memory.get(LittleEndian.INT_UNALIGNED, PoolHeader.TAG_OFFSET) == 0;
    }

    /** The refusal as the arena throws it. */
    public ArenaException exception() {
        return new ArenaException(message);
    }

    /** Throws {@link #exception()}. */
    void raise() {
        throw exception();
    }
}

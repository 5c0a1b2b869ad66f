package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.memory.MappedRegion;
import io.arenagen.runtime.memory.SharedObject;

import java.util.Objects;

/**
 * The one place where a queue gets its memory. Shared objects come from {@link SharedObject}, the arenas'
 * own path: name rules, create-or-attach by {@code O_EXCL}, reserved pages before the size shows, owner and
 * permission checks, the exact size ({@link RingLayout#mappedSize}) and the re-check that the name still
 * names the mapped object. A new queue is initialized (header, descriptor, sequence words) under its
 * temporary name and published complete, as arenas are, so a C++ process that attaches the moment the name
 * appears finds a ready queue.
 */
final class RingMemory {

    private RingMemory() {
    }

    /** Private anonymous memory of this process for {@code layout}. */
    static MappedRegion local(RingLayout layout) {
        return MappedRegion.local(layout.mappedSize(Libc.pageSize()));
    }

    /** The shared object {@code name}, created for {@code layout} or attached to. */
    static MappedRegion shared(String name, RingLayout layout, ShmOptions options) {
        long timeout = options.initTimeout().toNanos();
        return SharedObject.open(name, layout.mappedSize(Libc.pageSize()), options.permissions(), timeout,
                "queue " + layout.describe(), options.sharingAcrossUsers(),
                fresh -> new RingInitializer(fresh, layout, "new shared object " + name, timeout).initialize());
    }

    /**
     * The memory of a generated queue, or of a factory's: private ({@code name == null}) or the shared object
     * {@code name}.
     */
    static MappedRegion open(RingLayout layout, String name, ShmOptions options) {
        if (name == null) {
            return local(layout);
        }
        Objects.requireNonNull(options, "options");
        return shared(name, layout, options);
    }

    /** How long a queue of {@link #open} waits for another initializer: never for private memory. */
    static long initTimeoutNanos(String name, ShmOptions options) {
        return name == null ? 0 : options.initTimeout().toNanos();
    }

    /**
     * The check of a generated subclass's constant layout, before any memory is mapped for it: a queue of
     * {@code policy} whose element is {@code elementSize} bytes, or of any element if that is 0.
     */
    static RingLayout require(RingLayout layout, RingPolicy policy, long elementSize, String what) {
        Objects.requireNonNull(layout, "layout");
        if (layout.policy() != policy || elementSize != 0 && layout.elementSize() != elementSize) {
            throw new IllegalArgumentException("this class is a " + policy + " queue of " + what + ", not "
                    + layout.describe());
        }
        return layout;
    }
}

package io.arenagen.runtime.queue;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.memory.MappedRegion;
import io.arenagen.runtime.memory.SharedObject;

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
}

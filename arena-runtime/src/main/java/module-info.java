/**
 * The run-time half of arenagen: {@link io.arenagen.runtime.SlabAllocator}, lock-free pools over
 * private or POSIX shared memory, and the layout rules shared with the annotation processor.
 *
 * <p>Native calls go through {@code java.lang.foreign}; run with
 * {@code --enable-native-access=io.arenagen.runtime} on the module path (or
 * {@code --enable-native-access=ALL-UNNAMED} on the class path).
 */
module io.arenagen.runtime {
    /** The API: {@code SlabAllocator}, {@code SlabArenas}, {@code ShmOptions}, {@code SharedMemory}, errors. */
    exports io.arenagen.runtime;
    /** Reports on arenas read from outside: {@code SharedMemory.inspect}. */
    exports io.arenagen.runtime.inspect;
    /** The layout and its rules, shared with the annotation processor. */
    exports io.arenagen.runtime.layout;
    /** For generated arenas only: the base class and the free-list operations they call. Not API. */
    exports io.arenagen.runtime.pool;
    /** Queues byte-compatible with the C++ {@code BasicQueue}: {@code LongRing}, {@code LongRings}. */
    exports io.arenagen.runtime.queue;
    /** For generated arenas with reclamation: the owner stores ({@code OwnerTable}) they call. Not API. */
    exports io.arenagen.runtime.owner;

    /** The JFR events of the slow paths (exhaustion, promotion); disabled unless a recording enables them. */
    requires jdk.jfr;
    /**
     * {@code ArenaManagement}'s MXBean. Required, not {@code static}: with a static requirement an
     * application on the module path would have to add the module itself before registering; every
     * standard JDK image contains it.
     */
    requires java.management;
}

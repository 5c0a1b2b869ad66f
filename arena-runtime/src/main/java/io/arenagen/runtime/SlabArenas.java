package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;

/**
 * Arenas whose configuration is known only at run time (read from a file, say). They validate with
 * the same rules as {@code @Arena} and use the same layout, so a run-time arena and a generated
 * arena of the same configuration attach to the same shared object. Generated arenas dispatch over
 * constants and are faster; prefer them when the configuration is known at build time.
 */
public final class SlabArenas {

    private SlabArenas() {
    }

    /**
     * An arena of {@code count} chunks per size in private memory.
     *
     * @throws IllegalArgumentException naming every broken rule
     * @throws ArenaException if the memory cannot be mapped
     */
    public static SlabAllocator local(long count, long... sizes) {
        return new RuntimeSlabArena(ArenaLayout.of(count, sizes));
    }

    /**
     * An arena of {@code count} chunks per size in private memory, confined to the calling thread:
     * pool operations are plain loads and stores, no atomics. For one thread that allocates and frees
     * (thread per core); several threads need {@link #local}.
     *
     * <p>Every method of the returned arena called from another thread throws
     * {@link WrongThreadException} naming the owner and the caller, and changes nothing: the pool
     * operations and every access to {@link SlabAllocator#memory()} or a handed-out segment fail in
     * FFM's confinement check, the paths that do not touch memory (a request no pool serves, a
     * foreign segment or offset, {@code memory()}, {@code totalSize()}, {@code mlock}, {@code mbind},
     * {@code close}) in the arena's own. Another thread is refused even after close, and a refused
     * {@code close} leaves the arena open for its owner. Wrap it with {@link #checked} for checked mode.
     *
     * <p>Only the owner can close the arena. One that is never closed (its owner thread ended without
     * {@code close()}) is unmapped by a cleaner once neither the arena nor any segment it handed out is
     * reachable, after a garbage collection; while either is reachable its memory stays mapped, whether
     * or not the owner lives. Close it when done: when a collection runs is not up to the arena.
     *
     * @throws IllegalArgumentException naming every broken rule
     * @throws ArenaException if the memory cannot be mapped
     */
    public static SlabAllocator confined(long count, long... sizes) {
        return new ConfinedRuntimeSlabArena(ArenaLayout.of(count, sizes));
    }

    /**
     * An arena of {@code count} chunks per size in the shared object {@code name}, created with
     * permissions {@code 0600} if it does not exist.
     *
     * @throws IllegalArgumentException naming every broken rule, or a bad name
     * @throws ArenaException if the object cannot be opened or mapped, or was created with another
     *     configuration
     */
    public static SlabAllocator shared(String name, long count, long... sizes) {
        return shared(name, ShmOptions.defaults(), count, sizes);
    }

    /**
     * Like {@link #shared(String, long, long...)}, with explicit {@link ShmOptions}.
     *
     * With {@link ShmOptions#withReclamation()} the arena records chunk owners in its companion
     * {@code <name>.owners} and gives back dead processes' chunks (see {@link SlabAllocator#reclaim()}).
     *
     * @throws NullPointerException if {@code options} is null (the message says to pass
     *     {@link ShmOptions#defaults()})
     */
    public static SlabAllocator shared(String name, ShmOptions options, long count, long... sizes) {
        ArenaLayout layout = ArenaLayout.of(count, sizes);
        if (options != null && options.reclamation()) {
            return new OwnedRuntimeSlabArena(layout, name, options);
        }
        return new RuntimeSlabArena(layout, name, options);
    }

    /**
     * Checked mode for a run-time arena from this class: the returned arena rejects a double free and
     * an offset or segment that is not a chunk's start with {@link IllegalStateException}, leaving the
     * pools intact. It tracks the chunks handed out through the returned handle, on the heap; the
     * shared layout is unchanged. Generated arenas use {@code @Arena(checked = true)} instead. A
     * checked {@linkplain #confined confined} arena is confined too: another thread is refused before
     * the tracking is touched. An arena that is already checked is returned as it is: one tracker sees
     * every chunk, where a second would know only the chunks handed out through it.
     *
     * @throws IllegalArgumentException if {@code arena} was not made by this class
     */
    public static SlabAllocator checked(SlabAllocator arena) {
        return switch (arena) {
            case TableSlabArena runtime -> new CheckedSlabAllocator(runtime, runtime.layout());
            case CheckedSlabAllocator alreadyChecked -> alreadyChecked;
            case null -> throw new IllegalArgumentException("arena is null; pass an arena made by SlabArenas");
            default -> throw new IllegalArgumentException(arena + " was not made by SlabArenas; for a "
                    + "generated arena use @Arena(checked = true)");
        };
    }
}

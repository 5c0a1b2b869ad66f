package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.StructRules;
import io.arenagen.runtime.pool.AbstractSlabArena;

/**
 * Structs in arenas whose configuration is known only at run time ({@link SlabArenas}): the check
 * that {@code @Arena(holds = ...)} makes at compile time, with the same message. Pass the
 * {@code BYTES} constant of a generated {@code <Record>Struct} class:
 *
 * <pre>{@code
 * SlabAllocator arena = SlabArenas.local(count, sizes);
 * Structs.requireFits(arena, OrderStruct.BYTES, "Order");
 * long offset = arena.allocateOffset(OrderStruct.BYTES);
 * }</pre>
 */
public final class Structs {

    private Structs() {
    }

    /**
     * Checks that a struct of {@code bytes} fits the largest chunk of {@code arena}.
     *
     * @param arena an arena of {@link SlabArenas} or a generated one
     * @param bytes the struct's size, its {@code BYTES} constant
     * @param name the struct's name, for the message
     * @return the index of the smallest pool that holds it
     * @throws IllegalArgumentException {@code [ArenaStructTooLarge] ...} if no chunk is large enough, or if
     *     {@code arena} is not an arenagen arena
     */
    public static int requireFits(SlabAllocator arena, long bytes, String name) {
        return requireFits(layoutOf(arena), bytes, name);
    }

    /** Like {@link #requireFits(SlabAllocator, long, String)}, for a layout. */
    public static int requireFits(ArenaLayout layout, long bytes, String name) {
        if (bytes < 1) {
            throw new IllegalArgumentException("struct " + name + " has " + bytes
                    + " bytes; pass the BYTES constant of its generated Struct class");
        }
        return StructRules.firstFittingPool(name, bytes, layout);
    }

    private static ArenaLayout layoutOf(SlabAllocator arena) {
        if (arena instanceof AbstractSlabArena slab) {
            return slab.layout();
        }
        if (arena instanceof CheckedSlabAllocator checked) {
            return checked.layout();
        }
        throw new IllegalArgumentException(arena + " is not an arena of SlabArenas or of @Arena; "
                + "check its largest chunk size yourself");
    }
}

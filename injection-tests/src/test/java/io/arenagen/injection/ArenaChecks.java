package io.arenagen.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.SlabAllocator;

/** The checks every container test makes on the arena it was given. */
public final class ArenaChecks {

    private ArenaChecks() {
    }

    /** Allocates two chunks, sees them distinct, frees them and gets the first one back (LIFO free list). */
    public static void allocatesAndFrees(SlabAllocator arena) {
        long first = arena.allocateOffset(48);
        long second = arena.allocateOffset(48);
        assertTrue(first >= 0 && second >= 0, "chunks handed out");
        assertNotEquals(first, second);
        arena.deallocateOffset(second);
        arena.deallocateOffset(first);
        assertEquals(first, arena.allocateOffset(48), "the freed chunk comes back first");
        arena.deallocateOffset(first);
    }

    /** The arena was closed: every call throws {@link IllegalStateException}. */
    public static void isClosed(SlabAllocator arena) {
        assertThrows(IllegalStateException.class, () -> arena.allocateOffset(48));
    }
}

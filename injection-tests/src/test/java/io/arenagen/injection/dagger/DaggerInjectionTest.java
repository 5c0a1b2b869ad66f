package io.arenagen.injection.dagger;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.arenagen.injection.ArenaChecks;
import io.arenagen.runtime.SharedMemory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dagger 2, its processor in the same compilation as ours: a {@code @Singleton} component built from the
 * generated {@code DaggerFeedArenaDaggerModule} injects the interface. Dagger has no shutdown, so the
 * code that owns the component closes the arena.
 */
class DaggerInjectionTest {

    @AfterEach
    void unlink() {
        SharedMemory.unlink(DaggerFeedArena.NAME); // closing unmaps; it does not unlink
    }

    @Test
    void componentInjectsOneGeneratedArenaThatItsOwnerCloses() {
        FeedComponent component = DaggerFeedComponent.create();
        DaggerFeedArena arena = component.arena();
        assertSame(DaggerFeedArenaImpl.class, arena.getClass());
        assertSame(arena, component.arena(), "one arena per component");
        assertSame(arena, component.quoteBook().arena, "the service gets the same arena");
        ArenaChecks.allocatesAndFrees(arena);
        arena.close(); // Dagger's "shutdown": whoever drops the component
        ArenaChecks.isClosed(component.quoteBook().arena);
    }
}

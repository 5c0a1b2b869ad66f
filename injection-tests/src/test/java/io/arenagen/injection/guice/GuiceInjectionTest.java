package io.arenagen.injection.guice;

import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.arenagen.injection.ArenaChecks;

import org.junit.jupiter.api.Test;

/**
 * Guice 7: the one line of user code is {@code Guice.createInjector(new GuiceOrderArenaGuiceModule())}
 * (or, without the generated module, {@code bind(GuiceOrderArena.class).to(GuiceOrderArenaImpl.class)}).
 * Guice has no shutdown, so the code that owns the injector closes the arena.
 */
class GuiceInjectionTest {

    @Test
    void injectorInjectsOneGeneratedArenaThatItsOwnerCloses() {
        Injector injector = Guice.createInjector(new GuiceOrderArenaGuiceModule());
        GuiceOrderArena arena = injector.getInstance(GuiceOrderArena.class);
        assertSame(GuiceOrderArenaImpl.class, arena.getClass());
        assertSame(arena, injector.getInstance(GuiceOrderArena.class), "one arena per injector (@Singleton)");
        assertSame(arena, injector.getInstance(OrderBook.class).arena, "the service gets the same arena");
        ArenaChecks.allocatesAndFrees(arena);
        arena.close();
        ArenaChecks.isClosed(injector.getInstance(OrderBook.class).arena);
    }

    @Test
    void oneLineBindingWithoutTheGeneratedModule() {
        Injector injector = Guice.createInjector(binder -> binder.bind(GuiceOrderArena.class).to(GuiceOrderArenaImpl.class));
        GuiceOrderArena arena = injector.getInstance(GuiceOrderArena.class);
        try {
            assertSame(GuiceOrderArenaImpl.class, arena.getClass());
            assertSame(arena, injector.getInstance(GuiceOrderArena.class));
            ArenaChecks.allocatesAndFrees(arena);
        } finally {
            arena.close();
        }
        ArenaChecks.isClosed(arena);
    }
}

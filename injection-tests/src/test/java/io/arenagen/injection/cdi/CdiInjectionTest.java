package io.arenagen.injection.cdi;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.arenagen.injection.ArenaChecks;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * CDI with Weld SE: the generated {@code @Singleton} is injected by interface, once per container, and
 * the container's shutdown runs its {@code @PreDestroy}, which closes the arena. {@code @Singleton} is
 * not a bean-defining annotation, so the class is added to the container explicitly.
 */
class CdiInjectionTest {

    @Test
    void containerInjectsOneGeneratedArenaAndClosesItOnShutdown() {
        CdiOrderArena arena;
        try (WeldContainer container = new Weld().disableDiscovery()
                .addBeanClasses(CdiOrderArenaImpl.class, OrderService.class)
                .initialize()) {
            arena = container.select(CdiOrderArena.class).get();
            assertSame(CdiOrderArenaImpl.class, arena.getClass());
            assertSame(arena, container.select(CdiOrderArena.class).get(), "one arena per container");
            assertSame(arena, container.select(OrderService.class).get().arena(), "the service gets the same arena");
            ArenaChecks.allocatesAndFrees(arena);
        }
        ArenaChecks.isClosed(arena);
    }
}

package io.arenagen.injection.jsr330;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.arenagen.injection.ArenaChecks;

import org.junit.jupiter.api.Test;

/** {@code componentModel = JSR330} ({@code javax.inject}) with Dagger 2: the same as {@code JAKARTA}. */
class Jsr330InjectionTest {

    @Test
    void daggerInjectsOneJavaxSingleton() {
        Jsr330Component component = DaggerJsr330Component.create();
        Jsr330Arena arena = component.arena();
        assertSame(Jsr330ArenaImpl.class, arena.getClass());
        assertSame(arena, component.arena(), "one arena per component");
        ArenaChecks.allocatesAndFrees(arena);
        arena.close();
        ArenaChecks.isClosed(component.arena());
    }
}

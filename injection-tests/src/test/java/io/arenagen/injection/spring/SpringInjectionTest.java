package io.arenagen.injection.spring;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.arenagen.injection.ArenaChecks;
import io.arenagen.runtime.SharedMemory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Spring 7: component scanning finds the generated {@code @Component}, constructs it with its
 * no-argument constructor (from {@code name}), injects it by interface, and closing the context
 * closes the arena (Spring closes singletons that implement {@link AutoCloseable}).
 */
class SpringInjectionTest {

    @AfterEach
    void unlink() {
        SharedMemory.unlink(SpringFeedArena.NAME); // closing unmaps; it does not unlink
    }

    @Test
    void contextInjectsOneGeneratedArenaAndClosesItOnShutdown() {
        SpringFeedArena arena;
        try (AnnotationConfigApplicationContext context =
                new AnnotationConfigApplicationContext(SpringFeedArena.class.getPackageName())) {
            arena = context.getBean(SpringFeedArena.class);
            assertSame(SpringFeedArenaImpl.class, arena.getClass());
            assertSame(arena, context.getBean(SpringFeedArena.class), "one arena per context");
            assertSame(arena, context.getBean(FeedService.class).arena, "the service gets the same arena");
            ArenaChecks.allocatesAndFrees(arena);
        }
        ArenaChecks.isClosed(arena);
    }
}

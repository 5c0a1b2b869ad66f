package io.arenagen.injection.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.SharedMemory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Spring 7 and a generated queue of {@code @Struct} records: component scanning finds the generated
 * {@code @Component}, constructs it from its {@code name}, injects it by interface, and closing the context
 * closes the queue (Spring closes singletons that implement {@link AutoCloseable}). Its own package, outside
 * {@code injection.spring}, whose test scans that package and everything under it.
 */
class SpringRingTest {

    @AfterEach
    void unlink() {
        SharedMemory.unlink(SpringTicks.NAME); // closing unmaps; it does not unlink
    }

    @Test
    void contextInjectsOneGeneratedQueueAndClosesItOnShutdown() {
        SpringTicks ticks;
        try (AnnotationConfigApplicationContext context =
                new AnnotationConfigApplicationContext(SpringTicks.class.getPackageName())) {
            ticks = context.getBean(SpringTicks.class);
            assertSame(SpringTicksImpl.class, ticks.getClass());
            assertSame(ticks, context.getBean(SpringTicks.class), "one queue per context");
            assertTrue(ticks.offer(new Tick(1, 101)));
            long at = ticks.claim();                                   // in place, through the generated accessors
            TickStruct.setId(ticks.memory(), at, 2);
            TickStruct.setPrice(ticks.memory(), at, 102);
            ticks.commit(at);
            assertEquals(new Tick(1, 101), ticks.poll());
            assertEquals(new Tick(2, 102), ticks.poll());
            assertNull(ticks.poll());
        }
        SpringTicks closed = ticks;
        assertThrows(IllegalStateException.class, closed::claim, "closed with the context");
    }
}

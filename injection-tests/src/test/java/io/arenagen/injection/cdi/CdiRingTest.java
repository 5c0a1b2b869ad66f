package io.arenagen.injection.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * CDI with Weld SE and a generated queue: the {@code @Singleton} is injected by interface, once per
 * container, and the container's shutdown runs its {@code @PreDestroy} (the inherited {@code close()} is
 * final, so the generated class carries a {@code closeOnDestroy()} for it), which closes the queue.
 */
class CdiRingTest {

    @Test
    void containerInjectsOneGeneratedQueueAndClosesItOnShutdown() {
        CdiOffsets queue;
        try (WeldContainer container = new Weld().disableDiscovery().addBeanClasses(CdiOffsetsImpl.class).initialize()) {
            queue = container.select(CdiOffsets.class).get();
            assertSame(CdiOffsetsImpl.class, queue.getClass());
            assertSame(queue, container.select(CdiOffsets.class).get(), "one queue per container");
            assertTrue(queue.offer(4096));
            assertTrue(queue.offer(8192));
            assertEquals(4096, queue.poll(-1));
            assertEquals(8192, queue.poll(-1));
            assertEquals(-1, queue.poll(-1));
        }
        CdiOffsets closed = queue;
        assertThrows(IllegalStateException.class, () -> closed.offer(1), "closed at the container's shutdown");
    }
}

package io.arenagen.processor;

import static io.arenagen.processor.GeneratedArenaTest.compileArena;
import static io.arenagen.processor.GeneratedArenaTest.construct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Generated arenas over POSIX shared memory: they behave like {@link SlabArenas#shared} call by call,
 * and a generated arena and a run-time arena of the same configuration attach to the same object.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class SharedArenaTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final List<String> names = new ArrayList<>();

    /** A shared-memory name unique to this run, unlinked after the test. */
    private String name() {
        String name = "/ag-proc-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        names.add(name);
        return name;
    }

    @AfterEach
    void unlink() {
        names.forEach(SharedMemory::unlink);
    }

    @Test
    void behavesExactlyLikeTheRunTimeSharedArena() {
        Class<?> impl = compileArena("Shm", "@Arena(count = 4, sizes = {16, 64, 256}, backend = Backend.SHM)");
        try (SlabAllocator runtime = SlabArenas.shared(name(), 4, 16, 64, 256);
                SlabAllocator generated = construct(impl, name())) {
            assertTrue(new Lockstep(runtime, generated, 16, 64, 256).run(99, 3000) > 500);
        }
    }

    @Test
    void generatedAndRunTimeArenasShareOneObject() {
        Class<?> impl = compileArena("Feed", "@Arena(count = 2, sizes = {64, 256}, backend = Backend.SHM)");
        String name = name();
        try (SlabAllocator generated = construct(impl, name, ShmOptions.defaults().withInitTimeout(Duration.ofSeconds(2)));
                SlabAllocator runtime = SlabArenas.shared(name, 2, 64, 256)) {
            assertEquals(generated.totalSize(), runtime.totalSize());
            long first = generated.allocateOffset(64);
            generated.memory().set(ValueLayout.JAVA_LONG, first, 0xFEEDL);
            assertEquals(0xFEEDL, runtime.memory().get(ValueLayout.JAVA_LONG, first),
                    "both map the same bytes");
            long second = runtime.allocateOffset(64);
            assertNotEquals(first, second, "the run-time arena sees the chunk gone");
            assertEquals(-1, generated.tryAllocateOffset(64), "and the generated one sees both gone");
            runtime.deallocateOffset(first);
            assertEquals(first, generated.tryAllocateOffset(64), "a chunk freed by one is reused by the other");
        }
    }

    @Test
    void aDifferentConfigurationCannotAttach() {
        Class<?> impl = compileArena("Other", "@Arena(count = 2, sizes = {64}, backend = Backend.SHM)");
        String name = name();
        try (SlabAllocator runtime = SlabArenas.shared(name, 3, 64)) {
            assertTrue(runtime.totalSize() > 0);
            ArenaException mismatch = assertThrows(ArenaException.class, () -> construct(impl, name));
            assertTrue(mismatch.getMessage().contains(name), mismatch.getMessage());
        }
    }

    @Test
    void sharedArenaHasNoDefaultConstructor() {
        Class<?> impl = compileArena("Named", "@Arena(count = 2, sizes = {64}, backend = Backend.SHM)");
        assertThrows(NoSuchMethodException.class, impl::getConstructor);
        assertThrows(IllegalArgumentException.class, () -> construct(impl, "no-leading-slash"));
    }
}

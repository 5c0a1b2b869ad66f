package io.arenagen.processor;

import static io.arenagen.processor.GeneratedArenaTest.compileArena;
import static io.arenagen.processor.GeneratedArenaTest.construct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Statistics and exhaustion counting of generated arenas (shared, confined, checked, SHM, one pool),
 * compared request by request with a run-time arena of the same configuration, whose counting
 * {@code io.arenagen.runtime}'s tests pin down; and the generated {@code promote} slow path's JFR event.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class StatsGeneratedArenaTest {

    /** Requests that meet fast paths, promotions through one and two pools, and exhaustion of every pool. */
    private static void traffic(SlabAllocator arena) {
        for (int i = 0; i < 7; i++) {
            arena.allocateOffset(16);
        }
        arena.tryAllocateOffset(16);
        arena.tryAllocateOffset(40);
        arena.tryAllocateOffset(100); // fits no pool: not an exhaustion
        arena.allocateOffset(64);
    }

    /** Runs {@link #traffic} on {@code generated} and on a run-time twin, comparing the pools' numbers. */
    private static void assertSameAsRuntime(SlabAllocator generated, SlabAllocator runtime) {
        assertEquals(runtime.stats().pools(), generated.stats().pools(), "fresh");
        traffic(generated);
        traffic(runtime);
        List<PoolStats> pools = generated.stats().pools();
        assertEquals(runtime.stats().pools(), pools);
        // 7 x 16: 2 from pool 0, 2 promoted to pool 1, 2 to pool 2, 1 unserved; then each pool exhausted once more
        assertEquals(List.of(6L, 3L, 3L), pools.stream().map(PoolStats::exhaustions).toList(), pools.toString());
        assertEquals(0, generated.stats().free());
    }

    @Test
    void generatedArenasCountAsTheRuntimeArenaDoes() {
        for (String mode : List.of("", ", checked = true", ", confined = true", ", confined = true, checked = true")) {
            Class<?> impl = compileArena("Counted" + Math.abs(mode.hashCode()),
                    "@Arena(count = 2, sizes = {16, 32, 64}" + mode + ")");
            try (SlabAllocator generated = construct(impl);
                 SlabAllocator runtime = SlabArenas.local(2, 16, 32, 64)) {
                assertSameAsRuntime(generated, runtime);
                ArenaStats stats = generated.stats();
                assertTrue(stats.arena().startsWith(impl.getSimpleName() + " over "), stats.arena());
            }
        }
    }

    @Test
    void sharedGeneratedArenaKeepsItsCountersInTheObject() {
        Class<?> impl = compileArena("CountedShm", "@Arena(count = 2, sizes = {16, 32, 64}, backend = Backend.SHM)");
        String name = "/ag-stats-gen-" + ProcessHandle.current().pid();
        SharedMemory.unlink(name);
        try {
            try (SlabAllocator generated = construct(impl, name);
                 SlabAllocator runtime = SlabArenas.local(2, 16, 32, 64)) {
                assertSameAsRuntime(generated, runtime);
            }
            try (SlabAllocator runtime = SlabArenas.shared(name, 2, 16, 32, 64)) {
                assertEquals(List.of(6L, 3L, 3L), runtime.stats().pools().stream().map(PoolStats::exhaustions).toList(),
                        "a run-time arena attached to the generated arena's object reads its counters");
            }
        } finally {
            SharedMemory.unlink(name);
        }
    }

    @Test
    void onePoolArenaCountsWithoutPromotion() {
        Class<?> impl = compileArena("CountedOne", "@Arena(count = 1, sizes = {16})");
        try (SlabAllocator arena = construct(impl)) {
            arena.allocateOffset(16);
            assertEquals(-1, arena.allocateOffset(16));
            assertEquals(-1, arena.tryAllocateOffset(16));
            assertEquals(new PoolStats(0, 16, 1, 0, 1, 1, 2), arena.stats().pools().getFirst());
        }
    }

    @Test
    void closedAndOtherThreadAreRefused() throws InterruptedException {
        Class<?> impl = compileArena("CountedConfined", "@Arena(count = 1, sizes = {16}, confined = true)");
        SlabAllocator arena = construct(impl);
        try {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    arena.stats();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.join();
            assertNotNull(thrown.get());
            assertInstanceOf(WrongThreadException.class, thrown.get());
        } finally {
            arena.close();
        }
        assertThrows(IllegalStateException.class, arena::stats);
    }

    @Test
    void generatedPromoteEmitsThePromotionEvent() throws IOException {
        Class<?> impl = compileArena("CountedEvents", "@Arena(count = 1, sizes = {16, 32, 64})");
        Path file = Files.createTempFile("arenagen-generated", ".jfr");
        try (SlabAllocator arena = construct(impl);
             Recording recording = new Recording()) {
            recording.enable("io.arenagen.Promotion");
            recording.enable("io.arenagen.Exhaustion");
            recording.start();
            arena.allocateOffset(16);
            arena.allocateOffset(32);
            arena.allocateOffset(8); // pools 0 and 1 empty: promoted from 0 to 2
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            List<String> seen = events.stream()
                    .filter(e -> e.getEventType().getName().startsWith("io.arenagen."))
                    .map(e -> e.getEventType().getName().equals("io.arenagen.Promotion")
                            ? "promotion " + e.getInt("fromPool") + "->" + e.getInt("toPool") + " of "
                                    + e.getLong("requestedSize")
                            : "exhaustion " + e.getInt("pool") + " of " + e.getLong("requestedSize"))
                    .toList();
            assertEquals(List.of("exhaustion 0 of 8", "exhaustion 1 of 8", "promotion 0->2 of 8"), seen);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.GeneratedArenaTest.compileArena;
import static io.arenagen.processor.GeneratedArenaTest.construct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.layout.ArenaLayout;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread cache the processor generates beside a shared arena: its whole source against
 * {@code golden/FeedArenaImplThreadCache.java}, its unrolled dispatch in lockstep with the run-time
 * cache of the same layout (every boundary of every pool), checked mode through it, and no cache for a
 * confined arena.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GeneratedThreadCacheTest {

    @Test
    void feedArenasCacheMatchesTheGoldenFile() throws IOException {
        Compilation compilation = ArenaCompilation.compile(ArenaCompilation.source("p.FeedArena",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 128, sizes = {64, 256, 1024}, backend = Backend.SHM)",
                "public interface FeedArena extends SlabAllocator {}"));
        assertThat(compilation).succeededWithoutWarnings();
        String actual = ArenaCompilation.generatedSource(compilation, "p.FeedArenaImplThreadCache");
        String expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("golden/FeedArenaImplThreadCache.java")) {
            expected = in == null ? "(golden/FeedArenaImplThreadCache.java is missing from src/test/resources)"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            Path file = Path.of("target", "golden-actual", "FeedArenaImplThreadCache.java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            assertEquals(expected, actual, "generated cache differs from the golden file; it is in " + file.toAbsolutePath());
        }
    }

    @Test
    void theUnrolledDispatchAgreesWithTheRunTimeCacheAtEveryBoundary() {
        long[] sizes = {16, 32, 64, 128, 256, 512, 1024, 2048};
        Class<?> impl = compileArena("Eight", "@Arena(count = 4, sizes = {16, 32, 64, 128, 256, 512, 1024, 2048})");
        ArenaLayout layout = ArenaLayout.of(4, sizes);
        try (SlabAllocator generated = construct(impl); SlabAllocator runtime = SlabArenas.local(4, sizes);
             ThreadCache g = generated.threadCache(2); ThreadCache r = runtime.threadCache(2)) {
            assertEquals("EightImplThreadCache", g.getClass().getSimpleName());
            assertFalse(java.lang.reflect.Modifier.isPublic(g.getClass().getModifiers()), "package-private");
            List<Long> requests = new ArrayList<>(List.of(0L, 2049L, 4096L));
            for (long size : sizes) {
                requests.addAll(List.of(size - 1, size, size + 1));
            }
            List<Long> held = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (long size : requests) {
                    long offset = g.allocateOffset(size);
                    assertEquals(r.allocateOffset(size), offset, "allocateOffset(" + size + ")");
                    assertEquals(r.tryAllocateOffset(size), g.tryAllocateOffset(size), "tryAllocateOffset(" + size + ")");
                    if (offset >= 0) {
                        held.add(offset);
                    }
                }
            }
            assertEquals(runtime.stats().pools(), generated.stats().pools(), "same pools, same counts");
            for (int pool = 0; pool < sizes.length; pool++) {
                for (long offset : new long[] {layout.chunksOffset(pool) - 1, layout.chunksEnd(pool)}) {
                    g.deallocateOffset(offset); // the header before a pool's chunks, the slack after them: ignored
                    r.deallocateOffset(offset);
                }
                assertEquals(r.parked(pool), g.parked(pool), "pool " + pool);
            }
            for (long offset : held) {
                g.deallocateOffset(offset + 1); // an offset inside a chunk stands for it
                r.deallocateOffset(offset + 1);
            }
            for (int pool = 0; pool < sizes.length; pool++) {
                assertEquals(r.parked(pool), g.parked(pool), "pool " + pool + " after the frees");
            }
            assertThrows(IllegalArgumentException.class, () -> g.allocateOffset(-1));
            assertThrows(IllegalArgumentException.class, () -> g.tryAllocateOffset(-1));
        }
    }

    @Test
    void anotherThreadIsRefusedByTheGeneratedCache() throws Exception {
        Class<?> impl = compileArena("Two", "@Arena(count = 4, sizes = {16, 32})");
        try (SlabAllocator arena = construct(impl); ThreadCache cache = arena.threadCache(2)) {
            for (Runnable call : List.<Runnable>of(() -> cache.allocateOffset(8), () -> cache.tryAllocateOffset(8),
                    () -> cache.deallocateOffset(0))) {
                Throwable refused = CompletableFuture.supplyAsync(() -> {
                    try {
                        call.run();
                        return null;
                    } catch (RuntimeException e) {
                        return (Throwable) e;
                    }
                }).get(10, TimeUnit.SECONDS);
                assertTrue(refused instanceof WrongThreadException, String.valueOf(refused));
            }
        }
    }

    @Test
    void aCheckedGeneratedArenasCacheCatchesDoubleFrees() {
        Class<?> impl = compileArena("Checked", "@Arena(count = 4, sizes = {16, 32}, checked = true)");
        try (SlabAllocator arena = construct(impl); ThreadCache cache = arena.threadCache(2)) {
            long offset = cache.allocateOffset(16);
            cache.deallocateOffset(offset);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(offset));
            assertTrue(e.getMessage().startsWith("double free"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(offset));
            for (int k = 0; k < 4; k++) {
                cache.allocateOffset(16);
            }
            long promoted = cache.allocateOffset(16);
            assertTrue(promoted >= ArenaLayout.of(4, 16, 32).chunksOffset(1), "the fifth from pool 1: " + promoted);
            arena.deallocateOffset(promoted);
            assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(promoted));
        }
    }

    @Test
    void aCorruptListThroughTheGeneratedCacheIsTheArenasException() {
        Class<?> impl = compileArena("Corrupt", "@Arena(count = 4, sizes = {16, 32})");
        ArenaLayout layout = ArenaLayout.of(4, 16, 32);
        try (SlabAllocator arena = construct(impl); ThreadCache cache = arena.threadCache(2)) {
            arena.memory().set(ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN), layout.headOffset(1), 99L);
            ArenaException plain = assertThrows(ArenaException.class, () -> arena.allocateOffset(32));
            ArenaException cached = assertThrows(ArenaException.class, () -> cache.allocateOffset(32));
            assertEquals(plain.getMessage(), cached.getMessage());
        }
    }

    @Test
    void aConfinedArenaHasNoCacheAndRefusesOne() {
        GeneratedClasses classes = ArenaCompilation.compileAndLoad(ArenaCompilation.source("p.Alone",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 4, sizes = {16}, confined = true)",
                "public interface Alone extends SlabAllocator {}"));
        assertThrows(AssertionError.class, () -> classes.load("p.AloneImplThreadCache"), "no cache class");
        try (SlabAllocator arena = construct(classes.load("p.AloneImpl"))) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> arena.threadCache(2));
            assertTrue(e.getMessage().contains("is confined to one thread"), e.getMessage());
        }
    }
}

package io.arenagen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;
import io.arenagen.runtime.testkit.CachedHammers;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.PoolAudit;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread cache in front of a run-time arena: batches, parking and draining, chunks moving between
 * caches and the arena, promotion and exhaustion counts, the stats of parked chunks, the refusals
 * (other threads, closed caches, confined arenas, bad caps), corruption in the arena's words, checked
 * mode, and the cleaner that drains a cache nobody closed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ThreadCacheTest {

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long COUNT = 16;
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 16, 64);

    private final UniqueShmNames names = new UniqueShmNames("cache");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    private static long free(SlabAllocator arena, int pool) {
        return FreeList.countFree(arena.memory(), LAYOUT.headOffset(pool), LAYOUT.chunksOffset(pool),
                LAYOUT.chunkShift(pool), COUNT);
    }

    @Test
    void aRefillTakesHalfTheCapInOneBatchAndCloseReturnsEverything() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64)) {
            long generation = FreeList.generationOf(FreeList.head(arena.memory(), LAYOUT.headOffset(0)));
            try (ThreadCache cache = arena.threadCache(8)) {
                assertEquals(8, cache.chunksPerPool());
                long first = cache.allocateOffset(16);
                assertEquals(LAYOUT.chunksOffset(0), first, "the head's chunk first, as a pop");
                assertEquals(3, cache.parked(0), "a batch of 4 (half of 8), one handed out");
                assertEquals(generation + 1,
                        FreeList.generationOf(FreeList.head(arena.memory(), LAYOUT.headOffset(0))), "one CAS");
                assertEquals(COUNT - 4, free(arena, 0));
                PoolStats pool = cache.stats().pools().getFirst();
                assertEquals(3, pool.parked(), "stats count what caches park");
                assertEquals(4, pool.inUse(), "parked chunks are off the free list: in use");
                assertEquals(3, arena.stats().parked());
                for (int k = 1; k < 4; k++) {
                    assertEquals(LAYOUT.chunksOffset(0) + k * 16L, cache.allocateOffset(10), "list order");
                }
                assertEquals(COUNT - 4, free(arena, 0), "served from the cache: the arena did not move");
                cache.deallocateOffset(first);
                assertEquals(1, cache.parked(0));
            }
            assertEquals(0, arena.stats().parked(), "a closed cache parks nothing");
            assertEquals(COUNT - 3, free(arena, 0), "close returned the parked chunk; 3 are still held");
        }
    }

    @Test
    void aFullPoolDrainsItsOldestHalfInOneBatch() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64); ThreadCache cache = arena.threadCache(4)) {
            List<Long> held = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                held.add(arena.allocateOffset(16));
            }
            long generation = FreeList.generationOf(FreeList.head(arena.memory(), LAYOUT.headOffset(0)));
            for (int k = 0; k < 4; k++) {
                cache.deallocateOffset(held.get(k) + 3); // an offset inside a chunk stands for it
            }
            assertEquals(4, cache.parked(0));
            assertEquals(COUNT - 6, free(arena, 0), "parked, not pushed");
            cache.deallocateOffset(held.get(4));
            assertEquals(3, cache.parked(0), "two drained, the fifth parked");
            assertEquals(COUNT - 4, free(arena, 0));
            assertEquals(generation + 1, FreeList.generationOf(FreeList.head(arena.memory(), LAYOUT.headOffset(0))));
            assertEquals(held.get(0), arena.allocateOffset(16), "the oldest went back, in park order");
            assertEquals(held.get(1), arena.allocateOffset(16));
            assertEquals(held.get(4), cache.allocateOffset(16), "the newest stays, and leaves first");
            assertEquals(held.get(3), cache.allocateOffset(16), "a parked chunk is its start, not the offset freed");
        }
    }

    @Test
    void chunksMoveFreelyBetweenCachesAndTheArena() throws Exception {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64)) {
            Set<Long> mine = new HashSet<>();
            try (ThreadCache cache = arena.threadCache(4)) {
                for (int k = 0; k < 3; k++) {
                    mine.add(cache.allocateOffset(64));
                }
                mine.add(arena.allocateOffset(64));
                // another thread's cache frees what this one allocated, and allocates what the arena gave
                CompletableFuture.runAsync(() -> {
                    try (ThreadCache other = arena.threadCache(2)) {
                        for (long offset : mine) {
                            other.deallocateOffset(offset);
                        }
                        assertEquals(2, other.parked(1));
                    }
                }).get(10, TimeUnit.SECONDS);
                assertEquals(1, cache.parked(1), "this cache keeps its own parked chunk");
            }
            for (int pool = 0; pool < 2; pool++) {
                assertEquals(COUNT, free(arena, pool), "every chunk back once both caches closed");
            }
            Set<Long> all = new HashSet<>();
            for (long offset; (offset = arena.tryAllocateOffset(64)) >= 0; ) {
                assertTrue(all.add(offset), "the list holds " + offset + " twice");
            }
            assertEquals(COUNT, all.size());
        }
    }

    @Test
    void promotionAndExhaustionAreCountedAsOnTheArena() {
        try (SlabAllocator arena = SlabArenas.local(2, 16, 64); ThreadCache cache = arena.threadCache(2)) {
            ArenaLayout small = ArenaLayout.of(2, 16, 64);
            assertEquals(small.chunksOffset(0), cache.tryAllocateOffset(16), "16 bytes fit pool 0 exactly");
            assertEquals(small.chunksOffset(0) + 16, cache.tryAllocateOffset(0), "so does 0");
            assertEquals(-1, cache.tryAllocateOffset(65), "no pool that large");
            assertEquals(-1, cache.tryAllocateOffset(16), "no promotion on tryAllocate");
            assertEquals(1, arena.stats().pools().get(0).exhaustions());
            long promoted = cache.allocateOffset(16);
            assertTrue(promoted >= ArenaLayout.of(2, 16, 64).chunksOffset(1), "from pool 1: " + promoted);
            assertEquals(2, arena.stats().pools().get(0).exhaustions());
            assertEquals(0, cache.parked(1), "a refill of one chunk (half of 2 is 1)");
            assertTrue(cache.allocateOffset(16) >= 0, "promoted once more");
            assertEquals(-1, cache.allocateOffset(16), "every pool empty");
            assertEquals(List.of(4L, 1L), arena.stats().pools().stream().map(PoolStats::exhaustions).toList());
            assertTrue(cache.allocateOffset(64) < 0);
            assertEquals(-1, cache.allocateOffset(65), "no pool that large");
            assertNull(cache.allocate(65));
            assertNull(cache.tryAllocate(16));
        }
    }

    @Test
    void theSegmentApiSlicesTheArenasMemory() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64); ThreadCache cache = arena.threadCache(4)) {
            MemorySegment chunk = cache.allocate(40);
            assertEquals(40, chunk.byteSize());
            assertEquals(LAYOUT.chunksOffset(1), chunk.address() - arena.memory().address());
            assertEquals(arena.memory(), cache.memory());
            assertEquals(arena.totalSize(), cache.totalSize());
            cache.deallocate(chunk);
            assertEquals(2, cache.parked(1));
            MemorySegment other = cache.tryAllocate(10);
            assertEquals(10, other.byteSize());
            cache.deallocate(null);
            try (Arena foreign = Arena.ofConfined()) {
                cache.deallocate(foreign.allocate(16));
            }
            cache.deallocateOffset(LAYOUT.chunksEnd(0)); // pool 1's header, just past pool 0's chunks
            cache.deallocateOffset(-5);
            cache.deallocateOffset(LAYOUT.totalSize() + 100);
            assertEquals(1, cache.parked(0), "foreign segments and offsets are ignored");
            assertThrows(IllegalArgumentException.class, () -> cache.allocateOffset(-1));
            assertThrows(IllegalArgumentException.class, () -> cache.mbind(-1), "the arena's mbind, checked there");
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> cache.tryAllocateOffset(-3));
            assertTrue(negative.getMessage().contains("size = -3 is negative"), negative.getMessage());
            UnsupportedOperationException nested = assertThrows(UnsupportedOperationException.class,
                    () -> cache.threadCache(2));
            assertTrue(nested.getMessage().contains("already a thread cache"), nested.getMessage());
            assertTrue(cache.toString().startsWith("thread cache (4 chunks per pool, thread \""), cache.toString());
        }
    }

    @Test
    void anotherThreadIsRefusedAndChangesNothing() throws Exception {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64); ThreadCache cache = arena.threadCache(4)) {
            long offset = cache.allocateOffset(16);
            List<Runnable> calls = List.of(() -> cache.allocateOffset(16), () -> cache.tryAllocateOffset(16),
                    () -> cache.deallocateOffset(offset), () -> cache.allocate(16), () -> cache.deallocate(null),
                    () -> cache.stats(), () -> cache.memory(), () -> cache.totalSize(), () -> cache.mlock(),
                    () -> cache.mbind(0), () -> cache.parked(0), () -> cache.threadCache(1), cache::close);
            for (Runnable call : calls) {
                Throwable refused = CompletableFuture.supplyAsync(() -> {
                    try {
                        call.run();
                        return null;
                    } catch (RuntimeException e) {
                        return (Throwable) e;
                    }
                }).get(10, TimeUnit.SECONDS);
                assertTrue(refused instanceof WrongThreadException, String.valueOf(refused));
                assertTrue(refused.getMessage().contains("may not use it"), refused.getMessage());
            }
            assertEquals(1, cache.parked(0), "nothing changed");
            cache.deallocateOffset(offset);
            assertEquals(2, cache.parked(0), "and the owner goes on");
        }
    }

    @Test
    void aClosedCacheRefusesEverythingButClose() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64)) {
            ThreadCache cache = arena.threadCache(4);
            cache.allocateOffset(16);
            cache.close();
            cache.close();
            List<Supplier<Object>> calls = List.of(() -> cache.allocateOffset(16), () -> cache.tryAllocateOffset(16),
                    () -> cache.allocate(16), () -> cache.stats(), () -> cache.memory(), () -> cache.parked(0));
            for (Supplier<Object> call : calls) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call::get);
                assertTrue(e.getMessage().contains("is closed"), e.getMessage());
            }
            assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(LAYOUT.chunksOffset(0)));
            assertEquals(COUNT - 1, free(arena, 0), "the refused free changed nothing");
            assertTrue(cache.toString().contains(", closed)"), cache.toString());
        }
    }

    @Test
    void aCacheOfAClosedArenaThrowsAndClosesQuietly() {
        SlabAllocator arena = SlabArenas.local(COUNT, 16, 64);
        ThreadCache cache = arena.threadCache(4);
        long offset = cache.allocateOffset(16);
        cache.deallocateOffset(offset);
        arena.close();
        assertTrue(cache.allocateOffset(16) >= 0, "a parked chunk needs no memory access");
        assertThrows(IllegalStateException.class, () -> cache.allocateOffset(16 * 1024), "unserved: closed");
        assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(-1), "ignored: closed");
        IllegalStateException refill = assertThrows(IllegalStateException.class, () -> {
            for (int k = 0; k < COUNT; k++) {
                cache.allocateOffset(16);
            }
        });
        assertTrue(refill.getMessage().startsWith("the arena is closed"), refill.getMessage());
        try (Arena other = Arena.ofConfined()) {
            MemorySegment foreign = other.allocate(16);
            assertThrows(IllegalStateException.class, () -> cache.deallocate(foreign), "foreign, but closed");
        }
        cache.close(); // nothing to return to, nothing thrown
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> arena.threadCache(4));
        assertTrue(again.getMessage().contains("is closed"), again.getMessage());
    }

    @Test
    void closingACacheAfterItsArenaReturnsNothingAndThrowsNothing() {
        SlabAllocator arena = SlabArenas.local(COUNT, 16, 64);
        ThreadCache cache = arena.threadCache(4);
        cache.deallocateOffset(cache.allocateOffset(64));
        assertEquals(2, cache.parked(1));
        arena.close();
        cache.close();
        assertTrue(cache.toString().contains("closed"), cache.toString());
    }

    @Test
    void cachedThreadsBrieflyContendOnTinyPools() throws Exception {
        // short enough for mutation testing (the stress tests are excluded there): batches race, CASes retry
        ArenaLayout layout = ArenaLayout.of(4, 16, 64);
        try (SlabAllocator arena = SlabArenas.local(4, 16, 64)) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            HammerReport report = CachedHammers.run(arena, layout, ProcessHandle.current().pid(), 3, 2, 2, 64, 2,
                    Long.MAX_VALUE, Hammer.until(deadline), Duration.ofSeconds(20));
            report.assertClean();
            assertTrue(report.allocations() > 100, report.toString());
            assertEquals(0, arena.stats().parked());
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }

    @Test
    void anAllocatorWithoutCachesSaysHowToGetOne() {
        SlabAllocator plain = (SlabAllocator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SlabAllocator.class}, (proxy, method, args) -> method.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, method, args) : null);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> plain.threadCache(4));
        assertTrue(e.getMessage().contains("has no thread caches; make the arena with SlabArenas.local"), e.getMessage());
    }

    @Test
    void confinedArenasAndBadCapsAreRefusedClearly() {
        try (SlabAllocator confined = SlabArenas.confined(COUNT, 16, 64)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> confined.threadCache(4));
            assertTrue(e.getMessage().contains("is confined to one thread and has no atomics"), e.getMessage());
        }
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64)) {
            for (int bad : new int[] {0, -1, (int) COUNT + 1, Integer.MAX_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arena.threadCache(bad));
                assertTrue(e.getMessage().startsWith("chunksPerPool = " + bad + " is out of range: give 1 to 16"),
                        e.getMessage());
            }
            assertEquals(0, arena.stats().parked(), "a refused cache registers nothing");
            try (ThreadCache largest = arena.threadCache((int) COUNT)) {
                assertEquals(COUNT, largest.chunksPerPool());
            }
        }
        try (SlabAllocator big = SlabArenas.local(1 << 17, 16)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> big.threadCache(ThreadCache.MAX_CHUNKS_PER_POOL + 1));
            assertTrue(e.getMessage().contains("give 1 to 65536"), e.getMessage());
        }
        SlabAllocator checked = SlabArenas.checked(SlabArenas.local(COUNT, 16));
        try (checked) {
            assertThrows(IllegalArgumentException.class, () -> checked.threadCache(0));
        }
    }

    @Test
    void aCorruptListEndsInTheArenasException() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64)) {
            arena.memory().set(LONG_LE, LAYOUT.headOffset(0), 777L);
            ArenaException plain = assertThrows(ArenaException.class, () -> arena.allocateOffset(16));
            try (ThreadCache cache = arena.threadCache(4)) {
                ArenaException cached = assertThrows(ArenaException.class, () -> cache.allocateOffset(16));
                assertEquals(plain.getMessage(), cached.getMessage());
                assertThrows(ArenaException.class, () -> cache.tryAllocateOffset(16));
                assertEquals(0, cache.parked(0));
            }
        }
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64); ThreadCache cache = arena.threadCache(8)) {
            arena.memory().set(INT_LE, LAYOUT.chunksOffset(1) + 64, 9999); // chunk 1's link
            assertEquals(LAYOUT.chunksOffset(1), cache.allocateOffset(64));
            assertEquals(1, cache.parked(1), "the batch ended at the garbage link, as two pops would");
            assertEquals(LAYOUT.chunksOffset(1) + 64, cache.allocateOffset(64));
            ArenaException e = assertThrows(ArenaException.class, () -> cache.allocateOffset(64));
            assertTrue(e.getMessage().contains("pool 1's free list names chunk index 9999, beyond its count 16"),
                    e.getMessage());
        }
    }

    @Test
    void checkedModeWorksThroughACache() {
        try (SlabAllocator arena = SlabArenas.checked(SlabArenas.local(COUNT, 16, 64));
             ThreadCache cache = arena.threadCache(4)) {
            long offset = cache.allocateOffset(16);
            IllegalStateException inside = assertThrows(IllegalStateException.class,
                    () -> cache.deallocateOffset(offset + 4));
            assertTrue(inside.getMessage().contains("free the chunk's start"), inside.getMessage());
            cache.deallocateOffset(offset);
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(offset));
            assertTrue(twice.getMessage().startsWith("double free"), twice.getMessage());
            assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(offset), "the arena knows too");
            long fromArena = arena.allocateOffset(64);
            cache.deallocateOffset(fromArena);
            long fromCache = cache.allocateOffset(64);
            assertEquals(fromArena, fromCache);
            arena.deallocateOffset(fromCache);
            assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(fromCache));
        }
    }

    @Test
    void jfrEventsOfTheSlowPathsComeThroughACache(@TempDir Path dir) throws Exception {
        List<RecordedEvent> events;
        try (SlabAllocator arena = SlabArenas.local(1, 64, 256); ThreadCache cache = arena.threadCache(1);
             Recording recording = new Recording()) {
            recording.enable("io.arenagen.Exhaustion");
            recording.enable("io.arenagen.Promotion");
            recording.start();
            cache.allocateOffset(48);      // a refill of pool 0: no event
            cache.allocateOffset(40);      // pool 0 empty: exhaustion(0), promotion 0 -> 1
            cache.tryAllocateOffset(32);   // exhaustion(0)
            recording.stop();
            Path file = dir.resolve("cache.jfr");
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        assertEquals(List.of("io.arenagen.Exhaustion/0/40", "io.arenagen.Promotion/0/40", "io.arenagen.Exhaustion/0/32"),
                events.stream().map(e -> e.getEventType().getName() + "/"
                        + (e.hasField("pool") ? e.getInt("pool") : e.getInt("fromPool")) + "/"
                        + e.getLong("requestedSize")).toList());
    }

    @Test
    void anUnclosedCacheOfADeadThreadIsDrainedByTheCleaner() throws Exception {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 16, 64)) {
            abandonCacheInThread(arena);
            awaitDrained(arena);
        }
    }

    @Test
    void anUnclosedCacheOfASharedArenaIsDrainedToo() throws Exception {
        try (SlabAllocator arena = SlabArenas.shared(names.next(), COUNT, 16, 64)) {
            abandonCacheInThread(arena);
            awaitDrained(arena);
        }
    }

    /** A thread makes a cache, parks chunks in both pools and ends without closing it. */
    private static void abandonCacheInThread(SlabAllocator arena) throws InterruptedException {
        Thread thread = Thread.ofPlatform().start(() -> {
            ThreadCache cache = arena.threadCache(4);
            cache.deallocateOffset(cache.allocateOffset(16));
            cache.deallocateOffset(cache.allocateOffset(64));
        });
        thread.join();
        assertEquals(4, arena.stats().parked(), "a batch of 2 per pool, parked until the cleaner runs");
    }

    private static void awaitDrained(SlabAllocator arena) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (arena.stats().parked() != 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, arena.stats().parked(), "the cleaner drained the abandoned cache");
        for (int pool = 0; pool < 2; pool++) {
            assertEquals(COUNT, free(arena, pool), "every chunk of pool " + pool + " back on the list");
        }
    }
}

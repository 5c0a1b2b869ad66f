package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.ValueLayout;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SlabAllocator#stats()} on every kind of run-time arena (local, shared, confined, and each
 * checked): fresh, partly used and exhausted pools, exhaustions counted on both allocation paths,
 * the counter shared by every handle of one object, and the generation-based operation count.
 */
@Timeout(60)
class StatsTest {

    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long COUNT = 3;
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 64, 256);

    private final UniqueShmNames names = new UniqueShmNames("stats");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    private SlabAllocator open(String kind) {
        return switch (kind) {
            case "local" -> SlabArenas.local(COUNT, 64, 256);
            case "shared" -> SlabArenas.shared(names.next(), COUNT, 64, 256);
            case "confined" -> SlabArenas.confined(COUNT, 64, 256);
            case "checked-local" -> SlabArenas.checked(SlabArenas.local(COUNT, 64, 256));
            case "checked-confined" -> SlabArenas.checked(SlabArenas.confined(COUNT, 64, 256));
            case "checked-shared" -> SlabArenas.checked(SlabArenas.shared(names.next(), COUNT, 64, 256));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static void assertPool(PoolStats pool, int index, long chunkSize, long free, long operations,
            long exhaustions) {
        assertEquals(new PoolStats(index, chunkSize, COUNT, free, COUNT - free, operations, exhaustions), pool);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "shared", "confined", "checked-local", "checked-confined", "checked-shared"})
    void freshArenaIsAllFree(String kind) {
        try (SlabAllocator arena = open(kind)) {
            ArenaStats stats = arena.stats();
            assertEquals(2, stats.pools().size());
            assertPool(stats.pools().get(0), 0, 64, COUNT, 0, 0);
            assertPool(stats.pools().get(1), 1, 256, COUNT, 0, 0);
            assertEquals(2 * COUNT, stats.free());
            assertEquals(0, stats.inUse());
            assertEquals(0, stats.exhaustions());
            assertTrue(stats.arena().contains("RuntimeSlabArena over "), stats.arena());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "shared", "confined", "checked-local", "checked-confined", "checked-shared"})
    void partlyUsedArenaCountsEveryPopAndPush(String kind) {
        try (SlabAllocator arena = open(kind)) {
            long a = arena.allocateOffset(64);
            arena.allocateOffset(1);
            arena.allocateOffset(100);
            arena.deallocateOffset(a);
            ArenaStats stats = arena.stats();
            assertPool(stats.pools().get(0), 0, 64, COUNT - 1, 3, 0); // 2 pops + 1 push
            assertPool(stats.pools().get(1), 1, 256, COUNT - 1, 1, 0);
            assertEquals(2, stats.inUse());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "shared", "confined", "checked-local", "checked-confined", "checked-shared"})
    void allocateCountsEachEmptyPoolItMeetsWhilePromoting(String kind) {
        try (SlabAllocator arena = open(kind)) {
            for (int i = 0; i < COUNT; i++) {
                assertTrue(arena.allocateOffset(64) >= 0);
            }
            assertEquals(0, arena.stats().exhaustions(), "no request found a pool empty yet");
            long promoted = arena.allocateOffset(64);
            assertEquals(1, LAYOUT.poolOf(promoted), "promoted to pool 1");
            ArenaStats stats = arena.stats();
            assertPool(stats.pools().get(0), 0, 64, 0, COUNT, 1);
            assertPool(stats.pools().get(1), 1, 256, COUNT - 1, 1, 0);
            arena.allocateOffset(64);
            arena.allocateOffset(64);
            assertEquals(-1, arena.allocateOffset(64), "every pool empty");
            assertEquals(-1, arena.allocateOffset(200), "pool 1 empty, no larger pool");
            stats = arena.stats();
            assertPool(stats.pools().get(0), 0, 64, 0, COUNT, 4);
            assertPool(stats.pools().get(1), 1, 256, 0, COUNT, 2);
            assertEquals(6, stats.exhaustions());
            assertEquals(2 * COUNT, stats.inUse());
            assertEquals(0, stats.free());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "shared", "confined", "checked-local", "checked-confined", "checked-shared"})
    void tryAllocateCountsOnlyItsOwnPool(String kind) {
        try (SlabAllocator arena = open(kind)) {
            for (int i = 0; i < COUNT; i++) {
                assertTrue(arena.tryAllocateOffset(48) >= 0);
            }
            assertEquals(-1, arena.tryAllocateOffset(48));
            assertEquals(-1, arena.tryAllocateOffset(1));
            assertEquals(-1, arena.tryAllocateOffset(4096), "no pool fits: not an exhaustion");
            ArenaStats stats = arena.stats();
            assertPool(stats.pools().get(0), 0, 64, 0, COUNT, 2);
            assertPool(stats.pools().get(1), 1, 256, COUNT, 0, 0);
        }
    }

    @Test
    void theCounterLivesInTheObjectAndEveryHandleAddsToIt() throws InterruptedException {
        String name = names.next();
        try (SlabAllocator first = SlabArenas.shared(name, COUNT, 64, 256)) {
            for (int i = 0; i < 2 * COUNT; i++) {
                first.allocateOffset(64);
            }
            assertEquals(-1, first.tryAllocateOffset(64));
        }
        try (SlabAllocator second = SlabArenas.shared(name, COUNT, 64, 256);
             SlabAllocator third = SlabArenas.shared(name, COUNT, 64, 256)) {
            assertEquals(List.of(4L, 0L), exhaustions(second.stats()), "kept across closing the first handle");
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                SlabAllocator handle = t % 2 == 0 ? second : third;
                threads[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        handle.tryAllocateOffset(64);
                    }
                });
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(40_004L, 0L), exhaustions(third.stats()), "concurrent increments are never lost");
            assertEquals(second.stats(), third.stats(), "one object, one set of numbers");
        }
    }

    private static List<Long> exhaustions(ArenaStats stats) {
        return stats.pools().stream().map(PoolStats::exhaustions).toList();
    }

    @Test
    void operationsAreTheHeadGenerationModulo2To32() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 64, 256)) {
            long head = LAYOUT.headOffset(0);
            arena.memory().set(LONG_LE, head, 0xFFFF_FFFF_0000_0000L); // generation 2^32 - 1, index 0
            assertEquals(0xFFFF_FFFFL, arena.stats().pools().get(0).operations());
            arena.allocateOffset(64);
            PoolStats wrapped = arena.stats().pools().get(0);
            assertEquals(0, wrapped.operations(), "the 2^32nd operation wraps the count to 0");
            assertEquals(COUNT - 1, wrapped.free());
        }
    }

    @Test
    void aClosedArenaRefusesStats() {
        SlabAllocator arena = SlabArenas.local(COUNT, 64);
        arena.close();
        assertThrows(IllegalStateException.class, arena::stats);
        SlabAllocator checked = SlabArenas.checked(SlabArenas.shared(names.next(), COUNT, 64));
        checked.close();
        assertThrows(IllegalStateException.class, checked::stats);
    }

    @ParameterizedTest
    @ValueSource(strings = {"confined", "checked-confined"})
    void aConfinedArenaRefusesStatsFromAnotherThread(String kind) throws InterruptedException {
        try (SlabAllocator arena = open(kind)) {
            arena.allocateOffset(64);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Thread.ofPlatform().name("intruder").start(() -> {
                try {
                    arena.stats();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                done.countDown();
            });
            done.await();
            assertNotNull(thrown.get(), "another thread read a confined arena's stats");
            assertInstanceOf(WrongThreadException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains("\"intruder\""), thrown.get().getMessage());
            assertEquals(COUNT - 1, arena.stats().pools().get(0).free());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "shared", "confined"})
    void aDoubleFreeInUncheckedModeIsReportedAsACorruptPoolNotThrown(String kind) {
        try (SlabAllocator arena = open(kind)) {
            long a = arena.allocateOffset(64);
            arena.allocateOffset(256);
            assertEquals(-1, arena.tryAllocateOffset(4096)); // not an exhaustion: no pool fits
            for (int i = 0; i < COUNT; i++) {
                arena.tryAllocateOffset(256);
            }
            arena.deallocateOffset(a);
            arena.deallocateOffset(a); // unchecked: pushed twice, the list now links a to itself
            ArenaStats stats = arena.stats();
            PoolStats corrupt = stats.pools().get(0);
            assertTrue(corrupt.corrupt());
            assertTrue(corrupt.corruption().contains("a cycle"), corrupt.corruption());
            assertEquals(new PoolStats(0, 64, COUNT, PoolStats.UNKNOWN, PoolStats.UNKNOWN, 3, 0,
                    corrupt.corruption()), corrupt);
            assertPool(stats.pools().get(1), 1, 256, 0, COUNT, 1); // the other pool reads as before
            assertEquals(PoolStats.UNKNOWN, stats.free());
            assertEquals(PoolStats.UNKNOWN, stats.inUse());
            assertEquals(1, stats.exhaustions());
            assertEquals(1, stats.corruptPools());
            assertTrue(stats.corrupt());
        }
    }

    @Test
    void aHealthySnapshotHasNoCorruptPool() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 64, 256)) {
            ArenaStats stats = arena.stats();
            assertEquals(0, stats.corruptPools());
            assertFalse(stats.corrupt());
            assertFalse(stats.pools().get(1).corrupt());
        }
    }

    @Test
    void onlyConfinedArenasSayTheyAreConfined() {
        try (SlabAllocator local = SlabArenas.local(COUNT, 64);
             SlabAllocator confined = SlabArenas.confined(COUNT, 64);
             SlabAllocator checkedLocal = SlabArenas.checked(SlabArenas.local(COUNT, 64));
             SlabAllocator checkedConfined = SlabArenas.checked(SlabArenas.confined(COUNT, 64))) {
            assertFalse(local.confined());
            assertTrue(confined.confined());
            assertFalse(checkedLocal.confined());
            assertTrue(checkedConfined.confined());
        }
        SlabAllocator silent = (SlabAllocator) Proxy.newProxyInstance(SlabAllocator.class.getClassLoader(),
                new Class<?>[] {SlabAllocator.class}, InvocationHandler::invokeDefault);
        assertFalse(silent.confined(), "an implementation that does not say is taken as shared");
    }

    @Test
    void aSnapshotDoesNotChangeAfterward() {
        try (SlabAllocator arena = SlabArenas.local(COUNT, 64)) {
            ArenaStats before = arena.stats();
            arena.allocateOffset(64);
            assertEquals(COUNT, before.free());
            assertEquals(COUNT - 1, arena.stats().free());
            assertThrows(UnsupportedOperationException.class, () -> before.pools().clear());
        }
    }
}

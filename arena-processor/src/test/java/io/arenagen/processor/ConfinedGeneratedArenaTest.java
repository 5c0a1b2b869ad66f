package io.arenagen.processor;

import static io.arenagen.processor.GeneratedArenaTest.compileArena;
import static io.arenagen.processor.GeneratedArenaTest.constant;
import static io.arenagen.processor.GeneratedArenaTest.construct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Generated arenas at run time, on what issue 18 found and the confined path's heads array: a promotion
 * into a corrupt pool ends in the arena's {@link ArenaException} in every mode; a checked confined arena
 * refuses another thread before its bookkeeping changes, for every operation; and a confined arena's
 * heads, kept on the heap, reach memory for {@code stats()} and {@link PoolReader}; and a confined arena
 * whose owner ends without {@code close()} is unmapped once unreachable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ConfinedGeneratedArenaTest {

    private static final String INTRUDER = "intruder";
    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * A stray write over the link of pool 1's first free chunk; the pop that takes that chunk moves the
     * garbage into the head, and the promotion's pop from pool 1 then finds the list corrupt.
     */
    @Test
    void promotionIntoACorruptPoolEndsInTheArenasException() {
        for (String mode : List.of("", ", checked = true", ", confined = true", ", confined = true, checked = true")) {
            Class<?> impl = compileArena("CorruptPromotion", "@Arena(count = 2, sizes = {16, 32}" + mode + ")");
            try (SlabAllocator arena = construct(impl)) {
                long pool1 = constant(impl, "POOL_1_CHUNKS");
                arena.memory().set(LINK, pool1, 0x7777);
                assertEquals(pool1, arena.tryAllocateOffset(32), mode);
                arena.allocateOffset(16);
                arena.allocateOffset(16); // pool 0 is empty now: the next request promotes
                ArenaException e = assertThrows(ArenaException.class, () -> arena.allocateOffset(16), mode);
                assertTrue(e.getMessage().startsWith("private memory: pool 1's free list names chunk index 30583, "
                        + "beyond its count 2 (count=2, sizes=[16, 32])"), e.getMessage());
                assertThrows(ArenaException.class, () -> arena.tryAllocateOffset(32), mode);
            }
        }
    }

    @Test
    void checkedConfinedArenaRefusesAnotherThreadBeforeItsBookkeepingChanges() throws InterruptedException {
        Class<?> impl = compileArena("CheckedConfined", "@Arena(count = 2, sizes = {16, 32}, confined = true, "
                + "checked = true)");
        MemorySegment stale;
        try (SlabAllocator closed = construct(impl)) {
            stale = closed.allocate(16);
        }
        try (SlabAllocator arena = construct(impl)) {
            long offset = arena.allocateOffset(16);
            MemorySegment segment = arena.allocate(16); // pool 0 is empty now, pool 1 full
            ArenaStats before = arena.stats();
            String owner = Thread.currentThread().getName();
            long freeChunk = constant(impl, "POOL_1_CHUNKS");
            for (Map.Entry<String, Executable> call : everyCall(arena, offset, freeChunk, segment, stale).entrySet()) {
                Throwable thrown = fromAnotherThread(call.getValue());
                assertInstanceOf(WrongThreadException.class, thrown, call.getKey() + ": " + thrown);
                assertTrue(thrown.getMessage().contains("\"" + owner + "\"")
                        && thrown.getMessage().contains("\"" + INTRUDER + "\""), call.getKey() + ": " + thrown);
            }
            assertEquals(before, arena.stats(), "a refused call changed the pools or counted an exhaustion");
            arena.deallocateOffset(offset); // not a double free: the refused frees left the bookkeeping alone
            arena.deallocate(segment);
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(offset));
            assertTrue(twice.getMessage().startsWith("double free"), twice.getMessage());
            assertEquals(4, arena.stats().free(), "no chunk leaked");
        }
    }

    /** Every operation on the arena, with pool 0 empty and pool 1 full, as another thread would call it. */
    private static Map<String, Executable> everyCall(SlabAllocator arena, long offset, long freeChunk,
            MemorySegment segment, MemorySegment stale) {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("allocateOffset(empty pool: promotes)", () -> arena.allocateOffset(16));
        calls.put("allocateOffset(full pool)", () -> arena.allocateOffset(32));
        calls.put("allocateOffset(too large)", () -> arena.allocateOffset(1000));
        calls.put("tryAllocateOffset(empty pool)", () -> arena.tryAllocateOffset(16));
        calls.put("tryAllocateOffset(full pool)", () -> arena.tryAllocateOffset(32));
        calls.put("allocate", () -> arena.allocate(32));
        calls.put("tryAllocate", () -> arena.tryAllocate(16));
        calls.put("deallocateOffset(held chunk)", () -> arena.deallocateOffset(offset));
        calls.put("deallocateOffset(inside a chunk)", () -> arena.deallocateOffset(offset + 8));
        calls.put("deallocateOffset(free chunk)", () -> arena.deallocateOffset(freeChunk));
        calls.put("deallocateOffset(outside)", () -> arena.deallocateOffset(-1));
        calls.put("deallocate(held segment)", () -> arena.deallocate(segment));
        calls.put("deallocate(segment of a closed arena)", () -> arena.deallocate(stale));
        calls.put("deallocate(foreign)", () -> arena.deallocate(Arena.ofAuto().allocate(8)));
        calls.put("deallocate(null)", () -> arena.deallocate(null));
        calls.put("stats", arena::stats);
        calls.put("memory", arena::memory);
        calls.put("close", arena::close);
        return calls;
    }

    /** Every offset that is not in a pool's chunks is foreign, in each gap of the layout, and ignored. */
    @Test
    void offsetsOutsideEveryPoolsChunksAreIgnored() {
        for (String mode : List.of("", ", checked = true")) {
            Class<?> impl = compileArena("Foreign", "@Arena(count = 2, sizes = {16, 32, 64}, confined = true" + mode + ")");
            SlabAllocator arena = construct(impl);
            try {
                long[] held = {arena.allocateOffset(16), arena.allocateOffset(32), arena.allocateOffset(64)};
                ArenaStats before = arena.stats();
                for (long offset : new long[] {Long.MIN_VALUE, -1, 0, constant(impl, "POOL_0_CHUNKS") - 1,
                        constant(impl, "POOL_0_END"), constant(impl, "POOL_1_OFFSET"), constant(impl, "POOL_1_CHUNKS") - 1,
                        constant(impl, "POOL_1_END"), constant(impl, "POOL_2_CHUNKS") - 1, constant(impl, "POOL_2_END"),
                        constant(impl, "TOTAL_SIZE"), Long.MAX_VALUE}) {
                    arena.deallocateOffset(offset);
                }
                assertEquals(before, arena.stats(), mode);
                for (long offset : held) {
                    arena.deallocateOffset(offset);
                }
                assertEquals(6, arena.stats().free(), mode);
            } finally {
                arena.close();
            }
            assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(-1), "closed: " + mode);
            assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(Long.MAX_VALUE), "closed: " + mode);
        }
    }

    @Test
    void negativeSizesAreRefusedBeforeAnything() {
        Class<?> impl = compileArena("Negative", "@Arena(count = 2, sizes = {16, 32}, confined = true)");
        try (SlabAllocator arena = construct(impl)) {
            for (long size : new long[] {-1, Long.MIN_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arena.allocateOffset(size));
                assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> arena.tryAllocateOffset(size));
            }
            assertEquals(-1, arena.allocateOffset(33), "beyond every pool");
            assertEquals(-1, arena.tryAllocateOffset(Long.MAX_VALUE));
            assertEquals(4, arena.stats().free());
            assertEquals(0, arena.stats().exhaustions());
        }
    }

    /** Typed allocation from another thread, on a held struct's full and empty pool. */
    @Test
    void typedAllocationFromAnotherThreadIsRefused() throws Exception {
        GeneratedClasses classes = ArenaCompilation.compileAndLoad(
                ArenaCompilation.source("p.Tick",
                        "package p;",
                        "import io.arenagen.Struct;",
                        "@Struct public record Tick(long price, int qty) {}"),
                ArenaCompilation.source("p.Ticks",
                        "package p;",
                        "import io.arenagen.Arena;",
                        "import io.arenagen.runtime.SlabAllocator;",
                        "@Arena(count = 1, sizes = {16, 32}, confined = true, checked = true, holds = Tick.class)",
                        "public interface Ticks extends SlabAllocator {}"));
        Class<?> impl = classes.load("p.TicksImpl");
        try (SlabAllocator arena = construct(impl)) {
            var allocateTick = impl.getMethod("allocateTick");
            var tryAllocateTick = impl.getMethod("tryAllocateTick");
            for (int round = 0; round < 2; round++) { // pool 0 full, then empty (promotion, exhaustion)
                for (var method : List.of(allocateTick, tryAllocateTick)) {
                    Throwable thrown = fromAnotherThread(() -> method.invoke(arena));
                    Throwable cause = thrown instanceof java.lang.reflect.InvocationTargetException wrapped
                            ? wrapped.getCause() : thrown;
                    assertInstanceOf(WrongThreadException.class, cause, method.getName() + ": " + cause);
                }
                assertEquals(round == 0 ? 2 : 1, arena.stats().free(), "the refused calls took no chunk");
                assertEquals(0, arena.stats().exhaustions(), "nor counted an exhaustion");
                method(allocateTick, arena);
            }
        }
    }

    private static void method(java.lang.reflect.Method method, SlabAllocator arena) throws Exception {
        assertTrue((long) method.invoke(arena) >= 0, method.getName());
    }

    /**
     * The heads a confined arena keeps on the heap reach memory when {@code stats()} reads the pools, and
     * {@link PoolReader} then reads the same lists: free counts, operations (the generation) and exhaustions.
     */
    @Test
    void statsWritesTheHeadsBackForPoolReader() {
        for (String mode : List.of("", ", checked = true")) {
            Class<?> impl = compileArena("Heads", "@Arena(count = 3, sizes = {16, 32}, confined = true" + mode + ")");
            try (SlabAllocator arena = construct(impl)) {
                long a = arena.allocateOffset(16);
                long b = arena.allocateOffset(8);
                arena.allocateOffset(16);
                arena.allocateOffset(16); // promoted to pool 1
                arena.deallocateOffset(a);
                arena.tryAllocateOffset(32);
                ArenaStats stats = arena.stats();
                assertEquals(new PoolStats(0, 16, 3, 1, 2, 4, 1), stats.pools().get(0), mode);
                assertEquals(new PoolStats(1, 32, 3, 1, 2, 2, 0), stats.pools().get(1), mode);
                ArenaLayout layout = ArenaLayout.of(3, 16, 32);
                for (int pool = 0; pool < 2; pool++) {
                    assertEquals(stats.pools().get(pool), PoolReader.read(arena.memory(), layout, pool), mode);
                }
                arena.deallocateOffset(b);
                assertEquals(2, arena.stats().pools().get(0).free(), "each stats() writes the current heads");
                assertEquals(b, arena.allocateOffset(1), "the arena goes on from its heads after a write-back");
            }
        }
    }

    /**
     * Issue 18: generated confined arenas whose owners (platform and virtual threads) end without
     * {@code close()} are unmapped once unreachable, by the cleaner of their memory's scope.
     */
    @Test
    void generatedConfinedArenasOfOwnersThatEndWithoutCloseAreUnmapped() throws InterruptedException {
        Class<?> impl = compileArena("Unclosed", "@Arena(count = 4096, sizes = {4096}, confined = true)");
        long arenaBytes = 4096L * 4096;
        int owners = 8;
        long before = mappedBytes();
        CountDownLatch created = new CountDownLatch(owners);
        CountDownLatch measured = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
            Thread.Builder builder = i % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                SlabAllocator arena = construct(impl);
                arena.allocate(4096).set(ValueLayout.JAVA_LONG, 0, 1L);
                created.countDown();
                try {
                    measured.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        assertTrue(created.await(60, TimeUnit.SECONDS));
        long peak = mappedBytes();
        measured.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(peak - before >= owners * arenaBytes * 9 / 10, "mapped: " + (peak - before));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (peak - mappedBytes() < owners * arenaBytes * 9 / 10 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(peak - mappedBytes() >= owners * arenaBytes * 9 / 10,
                "still mapped after the owners ended and GC ran: " + (mappedBytes() - before) + " bytes");
    }

    /** The bytes of every mapping of this process, summed over {@code /proc/self/maps}. */
    private static long mappedBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().mapToLong(line -> {
                String range = line.substring(0, line.indexOf(' '));
                int dash = range.indexOf('-');
                return Long.parseUnsignedLong(range.substring(dash + 1), 16)
                        - Long.parseUnsignedLong(range.substring(0, dash), 16);
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code call} throws on a fresh platform thread named {@value #INTRUDER}; fails if it returns. */
    private static Throwable fromAnotherThread(Executable call) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(INTRUDER).start(() -> {
            try {
                call.execute();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.join();
        assertNotNull(thrown.get(), "another thread's call returned normally");
        return thrown.get();
    }
}

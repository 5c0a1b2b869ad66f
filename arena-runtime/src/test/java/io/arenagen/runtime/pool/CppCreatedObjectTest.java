package io.arenagen.runtime.pool;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PoolInitializer} on an object created by the C++ library, white-box: pool 0 is ready without a
 * layout descriptor, so this process initializes none of the pools and waits for the C++ constructor to
 * initialize them, bounded by the init timeout. The C++ side is played by the test, writing what the C++
 * constructor writes (links, head, magic; never bytes 8..63).
 */
@Timeout(30)
class CppCreatedObjectTest {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ArenaLayout LAYOUT = ArenaLayout.of(4, 16, 32, 64);

    private final Arena arena = Arena.ofShared();

    @AfterEach
    void free() {
        arena.close();
    }

    /** Pool 0 initialized as the C++ constructor does it; pools 1 and 2 still all zero. */
    private MemorySegment cppReadyPool0() {
        MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
        cppInitialize(memory, 0);
        return memory;
    }

    private static void cppInitialize(MemorySegment memory, int pool) {
        long chunks = LAYOUT.chunksOffset(pool);
        for (long k = 0; k < LAYOUT.count(); k++) {
            int next = k + 1 < LAYOUT.count() ? (int) (k + 1) : PoolHeader.EMPTY_INDEX;
            memory.set(INT, chunks + k * LAYOUT.chunkSize(pool), next);
        }
        memory.set(LONG, LAYOUT.headOffset(pool), 0L);
        memory.set(LONG, LAYOUT.poolOffset(pool), PoolHeader.MAGIC_READY);
    }

    private static boolean allZero(MemorySegment memory, int pool) {
        for (long at = 0; at < PoolHeader.BYTES; at += 8) {
            if (memory.get(LONG, LAYOUT.poolOffset(pool) + at) != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void waitsForTheCppConstructorInsteadOfInitializingPoolOneAndGoesOnWhenItFinishes() throws Exception {
        MemorySegment memory = cppReadyPool0();
        CompletableFuture<Integer> java = CompletableFuture.supplyAsync(
                () -> new PoolInitializer(memory, LAYOUT, "m", TimeUnit.SECONDS.toNanos(20)).initializeAll());
        Thread.sleep(300);
        assertFalse(java.isDone(), "Java must still be waiting for the C++ constructor: " + java);
        assertTrue(allZero(memory, 1), "Java wrote into pool 1 of a C++-created object");
        assertTrue(allZero(memory, 2), "Java wrote into pool 2 of a C++-created object");

        memory.set(LONG, LAYOUT.poolOffset(1), PoolHeader.MAGIC_BUSY); // the C++ constructor claims pool 1
        cppInitialize(memory, 1);
        Thread.sleep(100);
        assertFalse(java.isDone(), "pool 2 is not ready yet");
        assertTrue(allZero(memory, 2), "Java wrote into pool 2 of a C++-created object");
        cppInitialize(memory, 2);

        assertEquals(0, java.get(10, TimeUnit.SECONDS), "Java initialized no pool");
        for (int pool = 0; pool < LAYOUT.poolCount(); pool++) {
            assertEquals(0, memory.get(INT, LAYOUT.poolOffset(pool) + PoolHeader.TAG_OFFSET), "no descriptor in pool " + pool);
            assertEquals(4, FreeList.countFree(memory, LAYOUT.headOffset(pool), LAYOUT.chunksOffset(pool),
                    LAYOUT.chunkShift(pool), 4));
        }
    }

    @Test
    void aCppConstructorThatNeverFinishesEndsInAClearErrorAndThePoolStaysFresh() {
        MemorySegment memory = cppReadyPool0();
        long started = System.nanoTime();
        ArenaException e = assertThrows(ArenaException.class,
                () -> new PoolInitializer(memory, LAYOUT, "m", 200_000_000L).initializeAll());
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waited >= 200 && waited < 5_000, "waited " + waited + " ms");
        assertTrue(e.getMessage().startsWith("m was created by the C++ library (pool 0 is ready without a layout "
                + "descriptor), but its pool 1 is still uninitialized after 200 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("SharedMemory.unlink") && e.getMessage().contains("ShmOptions.withInitTimeout"),
                e.getMessage());
        assertTrue(allZero(memory, 1) && allZero(memory, 2), "Java wrote into a pool of a C++-created object");
    }

    @Test
    void aPoolTheCppConstructorIsStillBuildingIsReportedAsBeingInitialized() {
        MemorySegment memory = cppReadyPool0();
        memory.set(LONG, LAYOUT.poolOffset(1), PoolHeader.MAGIC_BUSY);
        ArenaException e = assertThrows(ArenaException.class,
                () -> new PoolInitializer(memory, LAYOUT, "m", 100_000_000L).initializeAll());
        assertTrue(e.getMessage().contains("pool 1 is still being initialized after 100 ms"), e.getMessage());
        assertEquals(PoolHeader.MAGIC_BUSY, memory.get(LONG, LAYOUT.poolOffset(1)), "nobody took pool 1 over");
    }

    @Test
    void aPoolZeroInitializedByJavaKeepsTheUsualRoleJavaInitializesTheRest() {
        MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
        assertEquals(3, new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll());
        MemorySegment other = arena.allocate(LAYOUT.totalSize(), 64);
        // A Java creator elsewhere finished pool 0 (descriptor written) but not pools 1 and 2.
        MemorySegment.copy(memory, LAYOUT.poolOffset(0), other, LAYOUT.poolOffset(0), LAYOUT.poolOffset(1));
        assertEquals(2, new PoolInitializer(other, LAYOUT, "m", 0).initializeAll());
    }
}

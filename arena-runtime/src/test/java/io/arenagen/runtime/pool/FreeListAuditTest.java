package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FreeListAudit} white-box: what it finds in a list at rest, that a list in use by other
 * threads — popped chunks overwritten with garbage mid-walk — is never refused, and the bounds
 * check of {@link FreeList#pop}.
 */
@Timeout(30)
class FreeListAuditTest {

    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ArenaLayout LAYOUT = ArenaLayout.of(64, 16);
    private static final long HEAD = LAYOUT.headOffset(0);
    private static final long CHUNKS = LAYOUT.chunksOffset(0);
    private static final int SHIFT = LAYOUT.chunkShift(0);

    private static Optional<String> fault(MemorySegment memory) {
        return FreeListAudit.fault(memory, HEAD, CHUNKS, SHIFT, LAYOUT.count());
    }

    @Test
    void findsHeadLinkAndCycleFaultsInAListAtRest() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
            new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll();
            assertEquals(Optional.empty(), fault(memory));
            memory.set(LINK, CHUNKS + (10 << SHIFT), 64);
            assertEquals(Optional.of("free chunk 10 linking to index 64, beyond count 64"), fault(memory));
            memory.set(LINK, CHUNKS + (10 << SHIFT), 10);
            assertTrue(fault(memory).orElseThrow().contains("does not end"), fault(memory).toString());
            memory.set(LINK, CHUNKS + (10 << SHIFT), -1);
            assertEquals(Optional.empty(), fault(memory), "a list cut short is sound");
            memory.set(WORD, HEAD, 0xFFFF_FFFFL);
            assertEquals(Optional.empty(), fault(memory), "an empty pool is sound");
            memory.set(WORD, HEAD, (7L << 32) | 64);
            assertEquals(Optional.of("head index 64, beyond count 64"), fault(memory));
        }
    }

    /**
     * Poppers overwrite every chunk they take with an out-of-range link word, as user data would, so a
     * walk that trusted links it read while the list changed would report faults that are not there.
     */
    @Test
    void aListInUseIsNeverRefused() throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
            new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong operations = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        long chunk = FreeList.pop(memory, HEAD, CHUNKS, SHIFT, LAYOUT.count());
                        if (chunk >= 0) {
                            memory.set(LINK, chunk, 0x7777_7777);
                            FreeList.push(memory, HEAD, CHUNKS, SHIFT, chunk);
                            operations.incrementAndGet();
                        }
                    }
                }));
            }
            try {
                long deadline = System.nanoTime() + 1_000_000_000L;
                int audits = 0;
                while (System.nanoTime() < deadline) {
                    assertEquals(Optional.empty(), fault(memory), "audit " + audits);
                    audits++;
                }
            } finally {
                stop.set(true);
                for (Thread worker : workers) {
                    worker.join();
                }
            }
            assertTrue(operations.get() > 0, "the workers ran");
            assertEquals(64, FreeList.countFree(memory, HEAD, CHUNKS, SHIFT, LAYOUT.count()));
        }
    }

    @Test
    void popThrowsOnAnIndexAtOrBeyondTheCountAndReturnsMinusOneWhenEmpty() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(LAYOUT.totalSize(), 64);
            new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll();
            memory.set(WORD, HEAD, (5L << 32) | 64);
            CorruptFreeListException e = assertThrows(CorruptFreeListException.class,
                    () -> FreeList.pop(memory, HEAD, CHUNKS, SHIFT, LAYOUT.count()));
            assertEquals(HEAD, e.headOffset());
            assertEquals(64, e.index());
            assertEquals(64, e.count());
            memory.set(WORD, HEAD, (5L << 32) | 0xFFFF_FFFEL);
            assertEquals(0xFFFF_FFFEL, assertThrows(CorruptFreeListException.class,
                    () -> FreeList.pop(memory, HEAD, CHUNKS, SHIFT, LAYOUT.count())).index());
            memory.set(WORD, HEAD, (5L << 32) | 0xFFFF_FFFFL);
            assertEquals(-1, FreeList.pop(memory, HEAD, CHUNKS, SHIFT, LAYOUT.count()));
            memory.set(WORD, HEAD, 63L);
            assertEquals(CHUNKS + (63 << SHIFT), FreeList.pop(memory, HEAD, CHUNKS, SHIFT, LAYOUT.count()));
        }
    }
}

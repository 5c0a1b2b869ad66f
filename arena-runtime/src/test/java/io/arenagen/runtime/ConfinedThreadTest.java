package io.arenagen.runtime;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A confined arena ({@link SlabArenas#confined}) refuses every thread but its owner: each method of
 * {@link SlabAllocator}, and every access through its memory or a handed-out segment, throws
 * {@link WrongThreadException} on a second thread, whether the call would touch memory or not, and
 * leaves the arena exactly as it was for the owner. Checked mode on a confined arena keeps both
 * properties and detects a double free.
 */
@Timeout(30)
class ConfinedThreadTest {

    private static final long COUNT = 2;
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 64, 256);
    private static final String INTRUDER = "intruder";

    /** A segment of a confined arena that was closed: checked mode refuses it from the owner, as a use after close. */
    private static final MemorySegment STALE = staleSegment();

    private SlabAllocator arena;

    private static MemorySegment staleSegment() {
        try (SlabAllocator closed = SlabArenas.confined(COUNT, 64, 256)) {
            return closed.allocate(64);
        }
    }

    @BeforeEach
    void open() {
        arena = SlabArenas.confined(COUNT, 64, 256);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void everyMethodFromAnotherThreadIsRefusedAndTheArenaStaysIntact() throws InterruptedException {
        MemorySegment handedOut = arena.allocate(64);
        long offset = arena.allocateOffset(200);
        long[] headsBefore = heads(arena);
        for (Map.Entry<String, Executable> call : everyCall(arena, handedOut, offset).entrySet()) {
            Throwable thrown = fromAnotherThread(call.getValue());
            assertInstanceOf(WrongThreadException.class, thrown, call.getKey());
        }
        assertArrayEquals(headsBefore, heads(arena), "a refused call changed a pool's head");
        assertEquals(COUNT - 1, free(arena, 0));
        assertEquals(COUNT - 1, free(arena, 1));
        handedOut.set(ValueLayout.JAVA_LONG, 0, 42L);
        arena.deallocate(handedOut);
        arena.deallocateOffset(offset);
        assertEquals(COUNT, free(arena, 0));
        assertEquals(COUNT, free(arena, 1));
    }

    @Test
    void theRefusalNamesTheOwnerAndTheCaller() throws InterruptedException {
        String owner = Thread.currentThread().getName();
        // one that touches memory (FFM's check, rethrown) and one that does not (the arena's own check)
        for (Executable call : new Executable[] {() -> arena.allocateOffset(64), arena::totalSize}) {
            Throwable thrown = fromAnotherThread(call);
            assertInstanceOf(WrongThreadException.class, thrown);
            String message = thrown.getMessage();
            assertTrue(message.contains("confined to thread \"" + owner + "\""), message);
            assertTrue(message.contains("thread \"" + INTRUDER + "\""), message);
            assertTrue(message.contains("SlabArenas.local"), message);
        }
    }

    @Test
    void closeFromAnotherThreadIsRefusedAndTheOwnerKeepsUsingAndClosesIt() throws InterruptedException {
        long offset = arena.allocateOffset(64);
        assertInstanceOf(WrongThreadException.class, fromAnotherThread(arena::close));
        assertInstanceOf(WrongThreadException.class, fromAnotherThread(arena::close));
        assertFalse(arena.toString().contains("closed"), arena.toString());
        arena.memory().set(ValueLayout.JAVA_INT, offset, 7);
        arena.deallocateOffset(offset);
        assertEquals(offset, arena.allocateOffset(64));
        arena.close();
        assertThrows(IllegalStateException.class, () -> arena.allocateOffset(64));
        assertDoesNotThrow(arena::close);
    }

    @Test
    void aClosedArenaRefusesAnotherThreadToo() throws InterruptedException {
        arena.close();
        assertInstanceOf(WrongThreadException.class, fromAnotherThread(arena::close));
        assertInstanceOf(WrongThreadException.class, fromAnotherThread(() -> arena.allocateOffset(64)));
        assertInstanceOf(WrongThreadException.class, fromAnotherThread(() -> arena.deallocateOffset(-1)));
    }

    @Test
    void checkedConfinedArenaDetectsADoubleFree() {
        SlabAllocator checked = SlabArenas.checked(arena);
        long a = checked.allocateOffset(64);
        checked.deallocateOffset(a);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> checked.deallocateOffset(a));
        assertTrue(e.getMessage().contains("double free"), e.getMessage());
        MemorySegment chunk = checked.allocate(200);
        checked.deallocate(chunk);
        assertThrows(IllegalStateException.class, () -> checked.deallocate(chunk));
        assertEquals(COUNT, free(arena, 0));
        assertEquals(COUNT, free(arena, 1));
    }

    @Test
    void checkedConfinedArenaRefusesAnotherThreadBeforeTracking() throws InterruptedException {
        SlabAllocator checked = SlabArenas.checked(arena);
        MemorySegment handedOut = checked.allocate(64);
        long offset = checked.allocateOffset(200);
        for (Map.Entry<String, Executable> call : everyCall(checked, handedOut, offset).entrySet()) {
            assertInstanceOf(WrongThreadException.class, fromAnotherThread(call.getValue()), call.getKey());
        }
        // the refused frees did not clear the tracking bits: the owner's frees are not double frees
        checked.deallocate(handedOut);
        checked.deallocateOffset(offset);
        assertThrows(IllegalStateException.class, () -> checked.deallocateOffset(offset));
        assertEquals(COUNT, free(arena, 0));
        assertEquals(COUNT, free(arena, 1));
    }

    /**
     * A stray write over a free chunk's link is taken into the heap-held head by the pop of that chunk;
     * the next pop of the pool ends in the arena's exception naming the pool, and another thread gets
     * {@link WrongThreadException} instead, though its pop reads no memory before it finds the corruption.
     */
    @Test
    void aCorruptLinkEndsInTheArenasExceptionAndAnotherThreadIsStillRefused() throws InterruptedException {
        arena.memory().set(ValueLayout.JAVA_INT, LAYOUT.chunksOffset(1), 0x7777);
        assertEquals(LAYOUT.chunksOffset(1), arena.allocateOffset(200));
        assertInstanceOf(WrongThreadException.class, fromAnotherThread(() -> arena.allocateOffset(200)));
        io.arenagen.runtime.ArenaException e = assertThrows(io.arenagen.runtime.ArenaException.class,
                () -> arena.allocateOffset(200));
        assertTrue(e.getMessage().startsWith("private memory: pool 1's free list names chunk index 30583"),
                e.getMessage());
    }

    /** Every method of the allocator, and the handed-out segment's accesses, on the pools in every state. */
    private static Map<String, Executable> everyCall(SlabAllocator target, MemorySegment handedOut, long offset) {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("allocate", () -> target.allocate(64));
        calls.put("allocate(too large)", () -> target.allocate(1 << 20));
        calls.put("stats", target::stats);
        calls.put("tryAllocate", () -> target.tryAllocate(64));
        calls.put("tryAllocate(too large)", () -> target.tryAllocate(1 << 20));
        calls.put("allocateOffset", () -> target.allocateOffset(64));
        calls.put("allocateOffset(too large)", () -> target.allocateOffset(1 << 20));
        calls.put("tryAllocateOffset", () -> target.tryAllocateOffset(64));
        calls.put("tryAllocateOffset(too large)", () -> target.tryAllocateOffset(1 << 20));
        calls.put("deallocate", () -> target.deallocate(handedOut));
        calls.put("deallocate(null)", () -> target.deallocate(null));
        calls.put("deallocate(foreign)", () -> target.deallocate(Arena.ofAuto().allocate(8)));
        calls.put("deallocateOffset", () -> target.deallocateOffset(offset));
        calls.put("deallocateOffset(outside)", () -> target.deallocateOffset(-1));
        calls.put("deallocateOffset(inside a chunk)", () -> target.deallocateOffset(offset + 8));
        calls.put("deallocateOffset(a free chunk)", () -> target.deallocateOffset(LAYOUT.chunksOffset(0) + (COUNT - 1) * 64));
        calls.put("deallocate(segment of a closed arena)", () -> target.deallocate(STALE));
        calls.put("memory", target::memory);
        calls.put("totalSize", target::totalSize);
        calls.put("mlock", target::mlock);
        calls.put("mbind", () -> target.mbind(0));
        calls.put("close", target::close);
        calls.put("handed-out segment read", () -> handedOut.get(ValueLayout.JAVA_BYTE, 0));
        calls.put("handed-out segment write", () -> handedOut.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        return calls;
    }

    /** What {@code call} throws on a fresh thread named {@value #INTRUDER}; fails if it returns normally. */
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

    private static long[] heads(SlabAllocator target) {
        long[] heads = new long[LAYOUT.poolCount()];
        target.stats(); // writes back the heads the confined arena keeps on the heap
        for (int pool = 0; pool < heads.length; pool++) {
            heads[pool] = FreeList.head(target.memory(), LAYOUT.headOffset(pool));
        }
        return heads;
    }

    private static long free(SlabAllocator target, int pool) {
        target.stats(); // writes back the heads the confined arena keeps on the heap
        return FreeList.countFree(target.memory(), LAYOUT.headOffset(pool), LAYOUT.chunksOffset(pool),
                LAYOUT.chunkShift(pool), COUNT);
    }
}

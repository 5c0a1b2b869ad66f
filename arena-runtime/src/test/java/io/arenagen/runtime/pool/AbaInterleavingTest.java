package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classic ABA interleaving, played deterministically on the real pool layout. "Thread 1" runs
 * {@link FreeList#pop}'s algorithm split into its steps (load head, load link, CAS) and pauses
 * between the loads and the CAS; "thread 2" uses the real {@link FreeList#pop} and
 * {@link FreeList#push} in the pause: it pops A, pops B and pushes A back, so the head's index is
 * A again. Thread 1's CAS must then fail because the real operations advanced the generation; a
 * CAS on the index alone succeeds and installs B, which thread 2 holds, as the head: B is handed
 * out twice. If {@link FreeList} stopped incrementing the generation, the stale CAS would succeed
 * and {@link #staleCasFailsBecauseTheGenerationMoved()} would fail.
 */
@Timeout(10)
class AbaInterleavingTest {

    private static final VarHandle HEAD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final long ONE_GENERATION = 1L << 32;

    private static final ArenaLayout LAYOUT = ArenaLayout.of(4, 64);
    private static final long HEAD_OFFSET = LAYOUT.headOffset(0);
    private static final long CHUNKS = LAYOUT.chunksOffset(0);
    private static final int SHIFT = LAYOUT.chunkShift(0);
    private static final long A = CHUNKS;
    private static final long B = CHUNKS + 64;
    private static final long C = CHUNKS + 128;

    private Arena arena;
    private MemorySegment memory;

    @BeforeEach
    void initialize() {
        arena = Arena.ofConfined();
        memory = arena.allocate(LAYOUT.totalSize(), 64);
        assertEquals(1, new PoolInitializer(memory, LAYOUT, "test memory", 0).initializeAll());
    }

    @AfterEach
    void release() {
        arena.close();
    }

    /** Thread 1's state after its loads: the head it saw and the link it read from the head's chunk. */
    private record PausedPop(long head, long next) {
        /** The replacement that FreeList.pop computes: next index, generation + 1. */
        long replacement() {
            return ((head + ONE_GENERATION) & ~INDEX_MASK) | next;
        }
    }

    private PausedPop thread1LoadsHeadAndLink() {
        long head = (long) HEAD.getAcquire(memory, HEAD_OFFSET);
        long chunk = CHUNKS + ((head & INDEX_MASK) << SHIFT);
        long next = memory.get(LINK, chunk) & INDEX_MASK;
        return new PausedPop(head, next);
    }

    private void thread2PopsAPopsBPushesA() {
        assertEquals(A, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()));
        assertEquals(B, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()));
        FreeList.push(memory, HEAD_OFFSET, CHUNKS, SHIFT, A);
    }

    @Test
    void staleCasFailsBecauseTheGenerationMoved() {
        PausedPop paused = thread1LoadsHeadAndLink();
        assertEquals(0, FreeList.indexOf(paused.head()), "thread 1 saw A at the head");
        assertEquals(1, paused.next(), "and B as A's successor");

        thread2PopsAPopsBPushesA();
        long now = FreeList.head(memory, HEAD_OFFSET);
        assertEquals(FreeList.indexOf(paused.head()), FreeList.indexOf(now), "A is back at the head: the ABA setting");
        assertEquals(2, memory.get(LINK, A), "and A now links to C, since B is held by thread 2");

        long witness = (long) HEAD.compareAndExchange(memory, HEAD_OFFSET, paused.head(), paused.replacement());
        assertNotEquals(paused.head(), witness, "the stale CAS succeeded: the generation tag did not protect it");
        assertEquals(3, FreeList.generationOf(now) - FreeList.generationOf(paused.head()),
                "each of thread 2's three operations advanced the generation");
        assertEquals(now, FreeList.head(memory, HEAD_OFFSET), "a failed CAS leaves the head alone");

        // Thread 1 retries as FreeList.pop does, from the witness: it gets A, and the list goes on with C.
        assertEquals(A, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()));
        assertEquals(C, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()));
        assertEquals(CHUNKS + 192, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()));
        assertEquals(-1, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()), "B was never handed out twice");
    }

    @Test
    void indexOnlyCasSucceedsAndHandsBOutTwice() {
        PausedPop paused = thread1LoadsHeadAndLink();
        thread2PopsAPopsBPushesA();

        // A CAS that compares only the index (no generation tag) cannot tell A from A.
        long current = (long) HEAD.getVolatile(memory, HEAD_OFFSET);
        assertEquals(paused.head() & INDEX_MASK, current & INDEX_MASK);
        boolean swapped = HEAD.compareAndSet(memory, HEAD_OFFSET, current, (current & ~INDEX_MASK) | paused.next());
        assertTrue(swapped, "the index-only CAS succeeded");

        // Thread 1 believes it popped A; the list's head is now B, which thread 2 still holds.
        assertEquals(3, FreeList.countFree(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()),
                "the list claims B, C and D are free while only C and D are");
        assertEquals(B, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()), "B handed out a second time");
    }

    @Test
    void everyPopAndPushAdvancesTheGenerationByOne() {
        long before = FreeList.generationOf(FreeList.head(memory, HEAD_OFFSET));
        long chunk = FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count());
        assertEquals(before + 1, FreeList.generationOf(FreeList.head(memory, HEAD_OFFSET)));
        FreeList.push(memory, HEAD_OFFSET, CHUNKS, SHIFT, chunk);
        assertEquals(before + 2, FreeList.generationOf(FreeList.head(memory, HEAD_OFFSET)));
        assertEquals(4, popAll(), "all four chunks still there");
    }

    @Test
    void generationWrapsAroundWithoutTouchingTheIndex() {
        HEAD.setVolatile(memory, HEAD_OFFSET, 0xFFFF_FFFF_0000_0000L); // index 0, generation 2^32 - 1
        assertEquals(A, FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()));
        assertEquals(0x0000_0000_0000_0001L, FreeList.head(memory, HEAD_OFFSET), "generation wrapped to 0, index 1");
        HEAD.setVolatile(memory, HEAD_OFFSET, 0xFFFF_FFFF_0000_0001L);
        FreeList.push(memory, HEAD_OFFSET, CHUNKS, SHIFT, A);
        assertEquals(0L, FreeList.head(memory, HEAD_OFFSET), "generation wrapped to 0, index 0");
        assertEquals(1, memory.get(LINK, A));
    }

    private long popAll() {
        long popped = 0;
        while (FreeList.pop(memory, HEAD_OFFSET, CHUNKS, SHIFT, LAYOUT.count()) >= 0) {
            popped++;
        }
        return popped;
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checked mode of run-time arenas: a double free and a pointer into the middle of a chunk are
 * {@link IllegalStateException}s raised before the free list is touched (so every pool still holds
 * exactly the chunks it held), foreign offsets and segments stay no-ops, and correct use behaves
 * exactly as without checking.
 */
@Timeout(30)
class CheckedModeTest {

    private static final long COUNT = 4;
    private static final long[] SIZES = {64, 256};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);

    private final SlabAllocator plain = SlabArenas.local(COUNT, SIZES);
    private final SlabAllocator checked = SlabArenas.checked(plain);

    @AfterEach
    void close() {
        checked.close();
    }

    @Test
    void doubleFreeIsRejectedAndThePoolStaysIntact() {
        long a = checked.allocateOffset(64);
        long b = checked.allocateOffset(64);
        checked.deallocateOffset(a);
        int free = free(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> checked.deallocateOffset(a));
        assertTrue(e.getMessage().contains("double free"), e.getMessage());
        assertEquals(free, free(0), "the rejected free changed the free list");
        checked.deallocateOffset(b);
        assertEquals(COUNT, free(0));
        assertAllDistinctOnExhaustion(0);
    }

    @Test
    void doubleFreeOfASegmentIsRejected() {
        MemorySegment chunk = checked.allocate(200);
        checked.deallocate(chunk);
        assertThrows(IllegalStateException.class, () -> checked.deallocate(chunk));
        assertEquals(COUNT, free(1));
    }

    @Test
    void offsetInsideAChunkIsRejected() {
        long a = checked.allocateOffset(64);
        for (long inside : new long[] {1, 8, 16, 63}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> checked.deallocateOffset(a + inside));
            assertTrue(e.getMessage().contains(inside + " bytes into chunk"), e.getMessage());
        }
        assertEquals(COUNT - 1, free(0), "a rejected pointer changed the free list");
        checked.deallocateOffset(a);
        assertEquals(COUNT, free(0));
    }

    @Test
    void segmentInsideAChunkIsRejected() {
        MemorySegment chunk = checked.allocate(256);
        assertThrows(IllegalStateException.class, () -> checked.deallocate(chunk.asSlice(16)));
        assertEquals(COUNT - 1, free(1));
        checked.deallocate(chunk);
        assertEquals(COUNT, free(1));
    }

    @Test
    void chunkNeverHandedOutByThisHandleIsRejected() {
        long unchecked = plain.allocateOffset(64);
        assertThrows(IllegalStateException.class, () -> checked.deallocateOffset(unchecked));
        assertEquals(COUNT - 1, free(0));
    }

    @Test
    void foreignOffsetsAndSegmentsAreIgnored() {
        long held = checked.allocateOffset(64);
        for (long foreign : new long[] {-1, 0, 64, 79, LAYOUT.chunksEnd(0), LAYOUT.poolOffset(1), LAYOUT.poolOffset(1) + 79,
                LAYOUT.totalSize(), Long.MAX_VALUE, Long.MIN_VALUE}) {
            checked.deallocateOffset(foreign);
        }
        try (Arena other = Arena.ofConfined()) {
            checked.deallocate(other.allocate(64, 64));
        }
        checked.deallocate(null);
        assertEquals(COUNT - 1, free(0));
        assertEquals(COUNT, free(1));
        checked.deallocateOffset(held);
        assertEquals(COUNT, free(0));
    }

    @Test
    void normalUseIsUnchanged() {
        try (SlabAllocator reference = SlabArenas.local(COUNT, SIZES)) {
            for (long size : new long[] {0, 1, 64, 64, 64, 64, 65, 64, 256, 256, 256, 257}) {
                assertEquals(reference.allocateOffset(size), checked.allocateOffset(size), "allocateOffset(" + size + ")");
            }
            assertEquals(reference.tryAllocateOffset(16), checked.tryAllocateOffset(16));
            assertNull(checked.allocate(16), "both pools exhausted");
            assertNull(checked.tryAllocate(16));
        }
        for (int i = 0; i < COUNT; i++) {
            checked.deallocateOffset(LAYOUT.chunksOffset(0) + i * 64L);
            checked.deallocateOffset(LAYOUT.chunksOffset(1) + i * 256L);
        }
        assertEquals(COUNT, free(0));
        assertEquals(COUNT, free(1));
        MemorySegment segment = checked.tryAllocate(100);
        assertEquals(100, segment.byteSize());
        assertEquals(LAYOUT.chunksOffset(1) + 3 * 256L, segment.address() - checked.memory().address());
        checked.deallocate(segment);
        assertEquals(plain.totalSize(), checked.totalSize());
        assertEquals(plain.memory().byteSize(), checked.memory().byteSize());
        assertTrue(checked.toString().startsWith("checked "), checked.toString());
    }

    @Test
    void closingTheCheckedHandleClosesTheArena() {
        checked.close();
        assertThrows(IllegalStateException.class, () -> plain.allocateOffset(1));
        assertThrows(IllegalStateException.class, () -> checked.allocateOffset(1));
    }

    @Test
    void checkingACheckedArenaAgainReturnsItAndItStillCatchesADoubleFree() {
        assertSame(checked, SlabArenas.checked(checked));
        long a = SlabArenas.checked(checked).allocateOffset(64);
        checked.deallocateOffset(a);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SlabArenas.checked(checked).deallocateOffset(a));
        assertTrue(e.getMessage().contains("double free"), e.getMessage());
        assertEquals(COUNT, free(0));
    }

    @Test
    void onlyRunTimeArenasCanBeChecked() {
        SlabAllocator foreign = (SlabAllocator) Proxy.newProxyInstance(SlabAllocator.class.getClassLoader(),
                new Class<?>[] {SlabAllocator.class}, (proxy, method, args) -> "foreign arena");
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> SlabArenas.checked(foreign));
        assertTrue(other.getMessage().startsWith("foreign arena was not made by SlabArenas; for a generated arena use "
                + "@Arena(checked = true)"), other.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> SlabArenas.checked(null));
        assertTrue(none.getMessage().startsWith("arena is null"), none.getMessage());
    }

    private int free(int pool) {
        return PoolAudit.freeCount(plain.memory(), LAYOUT, pool);
    }

    private void assertAllDistinctOnExhaustion(int pool) {
        Set<Long> offsets = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            offsets.add(checked.tryAllocateOffset(LAYOUT.chunkSize(pool)));
        }
        assertEquals(COUNT, offsets.size());
        assertEquals(-1, checked.tryAllocateOffset(LAYOUT.chunkSize(pool)));
    }
}

package io.arenagen.runtime.pool;

import io.arenagen.runtime.layout.ArenaLayout;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ChunkTracker}'s bookkeeping, white-box: return values, the -1 pass-through, word boundaries. */
class TrackerBitsTest {

    private static final ArenaLayout LAYOUT = ArenaLayout.of(130, 16, 64);
    private final ChunkTracker tracker = new ChunkTracker(LAYOUT);

    @Test
    void unservedRequestsPassThrough() {
        assertEquals(-1, tracker.allocated(0, -1));
    }

    @Test
    void releaseByOffsetReportsWhetherTheOffsetIsInAPool() {
        long last = LAYOUT.chunksOffset(1) + 129 * 64L;
        assertEquals(last, tracker.allocated(1, last));
        assertTrue(tracker.released(last));
        assertFalse(tracker.released(0));
        assertFalse(tracker.released(LAYOUT.chunksEnd(1)));
    }

    @Test
    void everyChunkHasItsOwnBitAcrossWords() {
        for (int i = 0; i < 130; i++) {
            tracker.allocated(0, LAYOUT.chunksOffset(0) + i * 16L);
        }
        for (int i = 0; i < 130; i++) {
            long offset = LAYOUT.chunksOffset(0) + i * 16L;
            assertThrows(IllegalStateException.class, () -> tracker.allocated(0, offset), "chunk " + i);
            tracker.released(0, offset);
            assertThrows(IllegalStateException.class, () -> tracker.released(0, offset), "chunk " + i);
        }
    }
}

package io.arenagen.runtime.testkit;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.owner.OwnerTable;

import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit after processes with reclamation were killed, once no process but the test's is left:
 * every chunk is exactly one of free (on its list, once: {@link PoolAudit#freeIndices}), held by a live
 * slot, in transit, recorded for a dead slot not reclaimed yet, or lost (neither: the crash windows of
 * {@code docs/reclamation.md}). Free chunks must carry no live holder, and chunks the test process holds
 * must carry its slot and be neither free nor taken over.
 *
 * @param free chunks on the free lists
 * @param live chunks recorded for one of the live slots
 * @param inTransit chunks in transit
 * @param dead chunks recorded for a dead slot (waiting for a reclaimer)
 * @param lostMidReclaim chunks marked {@code RECLAIMING} that are not free: a reclaimer died before its batch's push
 * @param lostInWindow chunks with no entry ({@code NONE}) that are not free: a holder died between a pop and its store
 */
public record OwnershipAudit(long free, long live, long inTransit, long dead, long lostMidReclaim, long lostInWindow) {

    /**
     * Audits every pool. {@code liveSlots} are the slots of live handles; {@code pinned} the offsets
     * the test process holds through slot {@code pinnedSlot} with stamp {@code pinnedStamp}.
     */
    public static OwnershipAudit of(MemorySegment memory, ArenaLayout layout, OwnerEntries entries,
                                    Set<Integer> liveSlots, long[] pinned, int pinnedSlot, long pinnedStamp) {
        long free = 0;
        long live = 0;
        long inTransit = 0;
        long dead = 0;
        long midReclaim = 0;
        long window = 0;
        BitSet[] freeSets = new BitSet[layout.poolCount()];
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            BitSet freeSet = PoolAudit.freeIndices(memory, layout, pool);
            freeSets[pool] = freeSet;
            for (long i = 0; i < layout.count(); i++) {
                int entry = entries.entry(pool, i);
                boolean isFree = freeSet.get((int) i);
                if (isFree) {
                    assertTrue(entry == OwnerTable.NONE || entry == OwnerTable.RECLAIMING, "free chunk " + i + " of pool "
                            + pool + " carries entry " + entry + ": a free chunk has no holder");
                    free++;
                } else if (entry == OwnerTable.IN_TRANSIT) {
                    inTransit++;
                } else if (entry == OwnerTable.RECLAIMING) {
                    midReclaim++;
                } else if (entry == OwnerTable.NONE) {
                    window++;
                } else if (liveSlots.contains(entry)) {
                    live++;
                } else {
                    assertTrue(entry <= 256, "entry " + entry + " of chunk " + i + " of pool " + pool + " names no slot");
                    dead++;
                }
            }
        }
        for (long at : pinned) {
            int pool = layout.poolOf(at);
            long index = (at - layout.chunksOffset(pool)) >>> layout.chunkShift(pool);
            assertTrue(!freeSets[pool].get((int) index), "a chunk this live process holds was reclaimed: " + at);
            assertEquals(pinnedSlot, entries.entryAt(at), "the entry of a chunk this live process holds, at " + at);
            assertEquals(pinnedStamp, ChunkStamp.read(memory, at), "nobody else took the chunk at " + at);
        }
        return new OwnershipAudit(free, live, inTransit, dead, midReclaim, window);
    }

    /** Every chunk is in exactly one of the states: they add up to the arena's chunks. */
    public void assertAccountsFor(ArenaLayout layout) {
        assertEquals(layout.count() * layout.poolCount(), free + live + inTransit + dead + lostMidReclaim + lostInWindow,
                "every chunk exactly once: " + this);
    }
}

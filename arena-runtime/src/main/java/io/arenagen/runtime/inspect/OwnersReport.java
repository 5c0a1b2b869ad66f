package io.arenagen.runtime.inspect;

import java.util.List;

/**
 * What the inspector found in an arena's reclamation companion {@code <name>.owners}: the process slots in
 * use and how many chunks each holds, the chunks in transit, and the chunks that no slot will give back.
 *
 * @param name the companion's name
 * @param slots every slot in use (state in use), alive or dead, in slot order
 * @param inTransit chunks in transit: released by a sender and not yet adopted (a queue holds them)
 * @param lostMidReclaim chunks a reclaimer marked for its batch that are not on the free list: lost by a
 *     reclaimer killed before its batch's push (or held now by a process without reclamation); never given
 *     back automatically
 * @param unrecordedInUse chunks in use that no entry records: held by C++ processes or processes without
 *     reclamation, or lost between a pop and its owner store
 */
public record OwnersReport(String name, List<SlotReport> slots, long inTransit, long lostMidReclaim,
                           long unrecordedInUse) {

    public OwnersReport {
        slots = List.copyOf(slots);
    }

    /** Chunks held by slots whose process is dead: what a reclaim would give back. */
    public long heldByDead() {
        return slots.stream().filter(slot -> !slot.alive()).mapToLong(SlotReport::chunks).sum();
    }

    /**
     * One process slot in use.
     *
     * @param slot its number, 1 .. 256
     * @param alive whether a process holds its lock (liveness is the lock, never the pid)
     * @param pid the pid it recorded at attach, for people only (valid in its pid namespace)
     * @param pidNamespace the inode of that pid namespace
     * @param generation how many times the slot was taken
     * @param chunks chunks whose entry names the slot
     */
    public record SlotReport(int slot, boolean alive, long pid, long pidNamespace, int generation, long chunks) {
    }
}

package io.arenagen.runtime.inspect;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ShmName;
import io.arenagen.runtime.memory.ReadOnlyMapping;
import io.arenagen.runtime.owner.OwnerTable;
import io.arenagen.runtime.reclaim.CompanionLayout;
import io.arenagen.runtime.reclaim.Owners;
import io.arenagen.runtime.reclaim.SlotLocks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an arena's reclamation companion {@code <name>.owners} read-only for {@link ArenaInspector}: each
 * slot in use, alive or dead by its lock ({@code F_OFD_GETLK} through a descriptor of its own, taking no
 * lock), the chunks each records, and the chunks in transit or lost. It judges the companion as an arena
 * with reclamation would ({@link CompanionLayout#refusal}, {@link CompanionLayout#invalidEntries}) and
 * reads no entry of a companion it refuses.
 */
final class OwnersInspector {

    private OwnersInspector() {
    }

    /**
     * The companion of arena {@code name} (whose object is {@code arenaFile}), with its problems added to
     * {@code problems}; empty if there is none.
     */
    static Optional<OwnersReport> read(String name, MemorySegment arena, ArenaLayout layout, Libc.FileStatus arenaFile,
                                       List<Problem> problems) {
        String companionName = CompanionLayout.nameOf(name);
        Libc.FileStatus[] exists = new Libc.FileStatus[1];
        if (ShmName.violation(companionName).isPresent()
                || Libc.stat(Libc.SHM_DIRECTORY + companionName, exists).failed()) {
            return Optional.empty();
        }
        try (ReadOnlyMapping mapping = ReadOnlyMapping.open(companionName)) {
            MemorySegment companion = mapping.segment();
            Optional<String> refusal = CompanionLayout.refusal(companion, layout, arenaFile.device(), arenaFile.inode());
            if (refusal.isPresent()) {
                problems.add(refused(companionName, refusal.get()));
                return Optional.empty();
            }
            long[] first = new long[1];
            long invalid = CompanionLayout.invalidEntries(companion, layout, first);
            if (invalid > 0) {
                problems.add(new Problem(Problem.Severity.ERROR, Problem.Kind.OWNER_ENTRY_OUT_OF_RANGE, -1, invalid
                        + " owner entries of " + companionName + " name no slot (the first, of chunk " + first[0]
                        + ", holds " + CompanionLayout.entry(companion, first[0]) + "; slots are 1 to "
                        + CompanionLayout.SLOTS + "): crafted or overwritten. Arenas with reclamation refuse the "
                        + "companion; remove it (SharedMemory.unlink(\"" + companionName + "\")) once no process uses "
                        + "the arena."));
                return Optional.empty();
            }
            return Optional.of(report(companionName, arena, companion, layout, problems));
        } catch (ArenaException unreadable) {
            problems.add(refused(companionName, unreadable.getMessage()));
            return Optional.empty();
        }
    }

    private static Problem refused(String companionName, String why) {
        return new Problem(Problem.Severity.ERROR, Problem.Kind.COMPANION_REFUSED, -1, "the reclamation companion "
                + companionName + " is refused by arenas with reclamation: " + why + ". Remove it (SharedMemory.unlink(\""
                + companionName + "\")) once no process uses the arena.");
    }

    private static OwnersReport report(String companionName, MemorySegment arena, MemorySegment companion,
                                       ArenaLayout layout, List<Problem> problems) {
        boolean[] alive = liveness(companionName);
        long[] chunks = new long[CompanionLayout.SLOTS + 1];
        long inTransit = 0;
        long lost = 0;
        long unrecorded = 0;
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            boolean[] free = FreeChunks.of(arena, layout, pool);
            long base = OwnerTable.firstChunk(pool, layout.count());
            for (long index = 0; index < layout.count(); index++) {
                int entry = CompanionLayout.entry(companion, base + index);
                boolean isFree = free != null && free[(int) index];
                if (entry == OwnerTable.IN_TRANSIT) {
                    inTransit++;
                } else if (entry == OwnerTable.RECLAIMING) {
                    lost += free == null || isFree ? 0 : 1;
                } else if (entry == OwnerTable.NONE) {
                    unrecorded += free == null || isFree ? 0 : 1;
                } else {
                    chunks[entry]++;
                }
            }
        }
        List<OwnersReport.SlotReport> slots = new ArrayList<>();
        for (int slot = 1; slot <= CompanionLayout.SLOTS; slot++) {
            long record = CompanionLayout.slotOffset(slot);
            if (Owners.state(companion, slot) != CompanionLayout.IN_USE && chunks[slot] == 0) {
                continue;
            }
            OwnersReport.SlotReport report = new OwnersReport.SlotReport(slot, alive[slot],
                    Integer.toUnsignedLong(companion.get(LittleEndian.INT_UNALIGNED, record + CompanionLayout.PID)),
                    companion.get(LittleEndian.LONG_UNALIGNED, record + CompanionLayout.PID_NAMESPACE),
                    companion.get(LittleEndian.INT_UNALIGNED, record + CompanionLayout.GENERATION), chunks[slot]);
            slots.add(report);
            if (!report.alive() && report.chunks() > 0) {
                problems.add(new Problem(Problem.Severity.WARNING, Problem.Kind.HELD_BY_DEAD, -1, report.chunks()
                        + " chunks are held by dead process slot " + slot + " (pid " + report.pid() + " in pid namespace "
                        + report.pidNamespace() + " when it attached; its lock is gone): reclaim them with "
                        + "arena-inspect " + companionName.substring(0, companionName.length()
                        - CompanionLayout.SUFFIX.length()) + " --reclaim, reclaim() in any process with "
                        + "reclamation, or let the next such process attach."));
            }
        }
        if (lost > 0) {
            problems.add(new Problem(Problem.Severity.WARNING, Problem.Kind.LOST_MID_RECLAIM, -1, lost + " chunks were "
                    + "marked by a reclaimer for a batch and are not free: that reclaimer was killed before the batch's "
                    + "push (at most " + Owners.BATCH + " chunks each), or a process without reclamation holds them now. "
                    + "No reclaim gives them back; they return when the arena is created again."));
        }
        return new OwnersReport(companionName, slots, inTransit, lost, unrecorded);
    }

    /** Whether each slot's lock is held by some process ({@code F_OFD_GETLK}, no lock taken). */
    private static boolean[] liveness(String companionName) {
        boolean[] alive = new boolean[CompanionLayout.SLOTS + 1];
        Libc.Result opened = Libc.shmOpen(companionName, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (opened.failed()) {
            java.util.Arrays.fill(alive, true); // cannot tell: report nobody dead
            return alive;
        }
        int fd = (int) opened.value();
        try {
            for (int slot = 1; slot <= CompanionLayout.SLOTS; slot++) {
                alive[slot] = SlotLocks.lockedByOther(fd, slot, companionName);
            }
        } finally {
            Libc.close(fd);
        }
        return alive;
    }

    /** The free chunks of one pool, by a bounded walk of its list; null if the list is unsound. */
    private static final class FreeChunks {

        private static final ValueLayout.OfInt LINK = LittleEndian.INT_UNALIGNED;

        private FreeChunks() {
        }

        static boolean[] of(MemorySegment arena, ArenaLayout layout, int pool) {
            long count = layout.count();
            if (count > Integer.MAX_VALUE - 8) {
                return null;
            }
            boolean[] free = new boolean[(int) count];
            long index = arena.get(LittleEndian.LONG_UNALIGNED, layout.headOffset(pool)) & 0xFFFF_FFFFL;
            for (long walked = 0; index != 0xFFFF_FFFFL; walked++) {
                if (index >= count || walked >= count || free[(int) index]) {
                    return null; // out of range, or a cycle: the pool's own problems say so
                }
                free[(int) index] = true;
                index = arena.get(LINK, layout.chunksOffset(pool) + (index << layout.chunkShift(pool))) & 0xFFFF_FFFFL;
            }
            return free;
        }
    }
}

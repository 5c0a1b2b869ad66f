package io.arenagen.runtime.reclaim;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ShmName;
import io.arenagen.runtime.memory.MappedRegion;
import io.arenagen.runtime.memory.SharedObject;
import io.arenagen.runtime.owner.OwnerTable;
import io.arenagen.runtime.pool.FreeListBatch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * One arena handle's part in reclamation: the companion object {@code <name>.owners} mapped, the slot
 * this handle holds (its lock held through the companion's descriptor for the handle's lifetime), its
 * {@link OwnerTable}, and reclamation of dead slots.
 *
 * <p><b>Attach</b> ({@link #attach}): the companion is opened, or created and published atomically
 * ({@link SharedObject#open(String, long, int, long, String, boolean, SharedObject.Initializer)}) with
 * the arena's checks (owner, mode, size), then its header must name this arena's configuration and this
 * very arena object (device and inode), or it is refused. Then every slot is tried: a slot whose lock
 * this handle gets and whose state says {@link CompanionLayout#IN_USE} belongs to a dead process (or a
 * closed handle) and is reclaimed; the first free one (or a reclaimed one) becomes this handle's.
 *
 * <p><b>Reclaim</b> ({@link #reclaim}, and at attach): for the dead slots whose locks this handle holds,
 * one pass over the owner entries; the chunks recorded for them are collected, and every {@value #BATCH}
 * chunks of a pool are marked {@link OwnerTable#RECLAIMING} (plain stores) and go back in one batch
 * ({@link FreeListBatch#pushBatch}, one release CAS). Only then are the slots marked free and their
 * locks dropped. The order is what makes a reclaimer killed anywhere harmless:
 * <ul>
 *   <li>an entry is marked before its chunk is pushed, and nothing writes it after the push (the next
 *       holder's {@code hold} is the only later store): no chunk is pushed twice, because a later
 *       reclaimer skips marked entries;</li>
 *   <li>killed while it collects a batch, it loses nothing: the entries still name the dead slot;</li>
 *   <li>killed between a batch's first mark and its push ({@value #BATCH} plain stores), the batch is
 *       lost: at most {@value #BATCH} chunks per killed reclaimer, visible ({@code RECLAIMING} but not
 *       free) to the inspector;</li>
 *   <li>killed before a slot is marked free, the slot is still in use and its lock is gone with the
 *       reclaimer: the next reclaimer finishes it, finding only the entries not yet marked.</li>
 * </ul>
 * Two reclaimers racing for a slot: only the one whose {@code F_OFD_SETLK} succeeds reclaims it; within
 * one handle, reclaims are serialized ({@code synchronized}), since one open file description's locks do
 * not exclude each other.
 *
 * <p><b>Close</b>: the companion is unmapped and its descriptor closed, which drops this handle's lock;
 * the slot stays {@code IN_USE} with its entries, exactly as if the process had died, and the next
 * reclaim (another handle's attach or {@code reclaim()}, or {@code arena-inspect --reclaim}) returns the
 * chunks the handle still held. See {@code docs/reclamation.md} for why.
 */
public final class Owners implements AutoCloseable {

    /**
     * Chunks pushed back per batch while reclaiming: also the most a reclaimer killed mid-batch loses. Small,
     * since a kill lands between a batch's marks and its push about as often as in its collection (the
     * entries of a dead process's chunks lie close together); 1 M chunks are still only 65 536 CASes.
     */
    public static final int BATCH = 16;

    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle INT = LittleEndian.INT;
    private static final VarHandle LONG = LittleEndian.LONG;

    private final String name;
    private final ArenaLayout layout;
    private final MemorySegment arena;
    private final MappedRegion region;
    private final MemorySegment companion;
    private final int fd;
    /** This handle's slot, 0 for a handle that only reclaims (the inspector). */
    private final int slot;
    private final OwnerTable table;

    private Owners(String name, ArenaLayout layout, MemorySegment arena, MappedRegion region, int slot) {
        this.name = name;
        this.layout = layout;
        this.arena = arena;
        this.region = region;
        this.companion = region.segment();
        this.fd = region.descriptor();
        this.slot = slot;
        this.table = new OwnerTable(companion.asSlice(CompanionLayout.ENTRIES_OFFSET,
                CompanionLayout.ENTRY_BYTES * CompanionLayout.chunks(layout)), slot);
    }

    /**
     * Throws if the companion's name of arena {@code name} is not a valid name (too long): called
     * before the arena itself is opened.
     *
     * @throws IllegalArgumentException naming the arena's name and how long it may be
     */
    public static void requireNameFits(String name) {
        ShmName.requireValid(name);
        ShmName.companionViolation(name).ifPresent(violation -> {
            throw new IllegalArgumentException(violation); // the rule and its words are ShmName's, shared with the processor
        });
    }

    /**
     * Opens (or creates) the companion of the arena {@code name}, whose memory is {@code arenaRegion},
     * takes a slot for this handle and reclaims every dead slot it finds.
     *
     * @throws IllegalArgumentException if the name is too long for a companion
     * @throws ArenaException if the companion cannot be opened, is refused (not a companion, another
     *     arena's, of another owner or mode unless {@code acrossUsers}), or every slot is held
     */
    public static Owners attach(String name, ArenaLayout layout, MappedRegion arenaRegion, int mode,
                                long timeoutNanos, boolean acrossUsers) {
        requireNameFits(name);
        MappedRegion region = open(name, layout, arenaRegion, mode, timeoutNanos, acrossUsers);
        try {
            Owners owners = new Owners(name, layout, arenaRegion.segment(), region, takeSlot(region, layout, name,
                    arenaRegion.segment()));
            owners.publishSlot();
            return owners;
        } catch (RuntimeException | Error e) {
            region.close();
            throw e;
        }
    }

    /**
     * Reclaims every dead slot of the companion of arena {@code name} without taking a slot, for
     * {@code arena-inspect --reclaim}: the arena must be mapped read-write by the caller.
     *
     * @return how many chunks went back
     */
    public static long reclaimOnce(String name, ArenaLayout layout, MappedRegion arenaRegion, int mode,
                                   boolean acrossUsers) {
        requireNameFits(name);
        MappedRegion region = open(name, layout, arenaRegion, mode, 0L, acrossUsers);
        try (Owners owners = new Owners(name, layout, arenaRegion.segment(), region, 0)) {
            return owners.reclaim();
        }
    }

    private static MappedRegion open(String name, ArenaLayout layout, MappedRegion arenaRegion, int mode,
                                     long timeoutNanos, boolean acrossUsers) {
        Libc.FileStatus arenaFile = identity(arenaRegion);
        String companionName = CompanionLayout.nameOf(name);
        long size = ArenaLayout.roundUpToPage(CompanionLayout.bytes(layout), Libc.pageSize());
        MappedRegion region = SharedObject.open(companionName, size, mode, timeoutNanos,
                "owners of " + layout.describe(), acrossUsers,
                fresh -> CompanionLayout.write(fresh, layout, arenaFile.device(), arenaFile.inode()));
        Optional<String> refusal = CompanionLayout.refusal(region.segment(), layout, arenaFile.device(),
                arenaFile.inode());
        long[] first = new long[1];
        long invalid = refusal.isPresent() ? 0 : CompanionLayout.invalidEntries(region.segment(), layout, first);
        if (invalid > 0) {
            refusal = Optional.of(invalid + " owner entries name no slot (the first, of chunk " + first[0] + ", holds "
                    + CompanionLayout.entry(region.segment(), first[0]) + "; slots are 1 to " + CompanionLayout.SLOTS
                    + "): they were crafted or overwritten, and no reclaim could trust the others");
        }
        if (refusal.isPresent()) {
            region.close();
            throw new ArenaException("shared object " + companionName + ", the owners companion of arena " + name
                    + ", is refused: " + refusal.get() + ". Nothing was written to it. Remove it (SharedMemory.unlink(\""
                    + companionName + "\")) when no process uses arena " + name + ", and open the arena again.");
        }
        return region;
    }

    private static Libc.FileStatus identity(MappedRegion arenaRegion) {
        Libc.FileStatus[] status = new Libc.FileStatus[1];
        Libc.Result result = Libc.fstat(arenaRegion.descriptor(), status);
        if (result.failed()) {
            throw new ArenaException("fstat of " + arenaRegion.description() + " failed: "
                    + io.arenagen.runtime.internal.Errno.describe(result.errno()) + ".", result.errno());
        }
        return status[0];
    }

    /**
     * Takes the lock of a slot for this handle: tries every slot, collects the dead ones (lock taken,
     * state in use) and reclaims them in one pass, then keeps the first free or reclaimed slot.
     */
    private static int takeSlot(MappedRegion region, ArenaLayout layout, String name, MemorySegment arena) {
        int fd = region.descriptor();
        MemorySegment companion = region.segment();
        String companionName = CompanionLayout.nameOf(name);
        boolean[] dead = new boolean[CompanionLayout.SLOTS + 1];
        int mine = 0;
        boolean anyDead = false;
        for (int s = 1; s <= CompanionLayout.SLOTS; s++) {
            if (!SlotLocks.tryLock(fd, s, companionName)) {
                continue; // a live process (or another handle of this one) holds it
            }
            if (state(companion, s) == CompanionLayout.IN_USE) {
                dead[s] = true;
                anyDead = true;
            } else if (mine == 0) {
                mine = s;
            } else {
                SlotLocks.unlock(fd, s, companionName);
            }
        }
        if (anyDead) {
            Reclaim.run(arena, companion, layout, dead, new long[CompanionLayout.SLOTS + 1]);
            for (int s = 1; s <= CompanionLayout.SLOTS; s++) {
                if (dead[s]) {
                    INT.set(companion, CompanionLayout.slotOffset(s) + CompanionLayout.STATE, CompanionLayout.FREE);
                    if (mine == 0) {
                        mine = s;
                    } else {
                        SlotLocks.unlock(fd, s, companionName);
                    }
                }
            }
        }
        if (mine == 0) {
            throw new ArenaException("every one of the " + CompanionLayout.SLOTS + " process slots of "
                    + companionName + " is held by a live arena handle: no more handles can attach to arena " + name
                    + " with reclamation. Close handles you do not need (one per process is enough, shared by its "
                    + "threads), or open this one without ShmOptions.withReclamation().");
        }
        return mine;
    }

    /** Writes this handle's slot record: display facts first, the state last (plain stores under the lock). */
    private void publishSlot() {
        long record = CompanionLayout.slotOffset(slot);
        int generation = (int) INT.get(companion, record + CompanionLayout.GENERATION);
        INT.set(companion, record + CompanionLayout.GENERATION, generation + 1);
        INT.set(companion, record + CompanionLayout.PID, (int) ProcessHandle.current().pid());
        LONG.set(companion, record + CompanionLayout.PID_NAMESPACE, ProcessLiveness.pidNamespace());
        LONG.set(companion, record + CompanionLayout.ATTACHED_AT, System.currentTimeMillis());
        INT.set(companion, record + CompanionLayout.STATE, CompanionLayout.IN_USE);
    }

    public static int state(MemorySegment companion, int slot) {
        return (int) INT.get(companion, CompanionLayout.slotOffset(slot) + CompanionLayout.STATE);
    }

    /** The owner stores of this handle. */
    public OwnerTable table() {
        return table;
    }

    /** This handle's slot, 1 .. {@value CompanionLayout#SLOTS}. */
    public int slot() {
        return slot;
    }

    /** The companion's name. */
    public String name() {
        return CompanionLayout.nameOf(name);
    }

    /**
     * Reclaims every dead slot other than this handle's: a slot in use whose lock this handle gets.
     * Slots whose lock another live handle holds are left alone, whatever their pid says.
     *
     * @return how many chunks went back to the arena's free lists
     */
    public synchronized long reclaim() {
        String companionName = name();
        boolean[] dead = new boolean[CompanionLayout.SLOTS + 1];
        boolean anyDead = false;
        for (int s = 1; s <= CompanionLayout.SLOTS; s++) {
            // The state read without the lock is a hint only: a free slot has nothing to reclaim, and an
            // in-use one is judged after its lock is taken.
            if (s != slot && state(companion, s) == CompanionLayout.IN_USE && SlotLocks.tryLock(fd, s, companionName)) {
                if (state(companion, s) == CompanionLayout.IN_USE) {
                    dead[s] = true;
                    anyDead = true;
                } else {
                    SlotLocks.unlock(fd, s, companionName);
                }
            }
        }
        if (!anyDead) {
            return 0;
        }
        long[] perSlot = new long[CompanionLayout.SLOTS + 1];
        long reclaimed;
        try {
            reclaimed = Reclaim.run(arena, companion, layout, dead, perSlot);
            for (int s = 1; s <= CompanionLayout.SLOTS; s++) {
                if (dead[s]) {
                    INT.set(companion, CompanionLayout.slotOffset(s) + CompanionLayout.STATE, CompanionLayout.FREE);
                }
            }
        } finally {
            for (int s = 1; s <= CompanionLayout.SLOTS; s++) {
                if (dead[s]) {
                    SlotLocks.unlock(fd, s, companionName);
                }
            }
        }
        return reclaimed;
    }

    /**
     * Unmaps the companion and closes its descriptor: the lock goes, and the slot, still in use, is
     * reclaimed by the next reclaimer with whatever this handle still held.
     */
    @Override
    public void close() {
        region.close();
    }

    @Override
    public String toString() {
        return "owners " + name() + " (slot " + slot + ")";
    }

    /** The pass over the owner entries that gives dead slots' chunks back. */
    static final class Reclaim {

        /** Walks of a pool's free list before one that never held still is given up on (see {@link #freeChunks}). */
        private static final int WALK_ATTEMPTS = 8;

        private Reclaim() {
        }

        /**
         * Pushes every chunk recorded for a slot {@code s} with {@code dead[s]} back, in batches, marking
         * each entry {@link OwnerTable#RECLAIMING} first; adds each slot's chunks to {@code perSlot[s]}.
         * The caller holds every dead slot's lock.
         *
         * <p>A chunk recorded for a dead slot is never on a free list: its holder clears the entry before it
         * pushes, and nobody else pushes it. One that is there anyway was crafted into the companion; pushing
         * it again would put it on the list twice. So a pool with chunks to reclaim is walked first, and a
         * chunk the walk finds free gets its entry cleared instead of being pushed. The walk is exact when
         * it settles (the head did not move while it ran); a pool that never holds still for
         * {@value #WALK_ATTEMPTS} walks is reclaimed without that check, trusting the entries as an arena
         * trusts its free lists.
         *
         * @return how many chunks went back
         */
        static long run(MemorySegment arena, MemorySegment companion, ArenaLayout layout, boolean[] dead,
                        long[] perSlot) {
            long[] batch = new long[BATCH];
            long total = 0;
            long count = layout.count();
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                long head = layout.headOffset(pool);
                long chunks = layout.chunksOffset(pool);
                int shift = layout.chunkShift(pool);
                long first = CompanionLayout.ENTRIES_OFFSET
                        + CompanionLayout.ENTRY_BYTES * OwnerTable.firstChunk(pool, count);
                if (!anyDead(companion, first, count, dead)) {
                    continue;
                }
                long[] free = freeChunks(arena, layout, pool);
                int n = 0;
                long entry = first;
                for (long index = 0; index < count; index++, entry += CompanionLayout.ENTRY_BYTES) {
                    int owner = (short) SHORT.get(companion, entry) & 0xFFFF;
                    if (owner == OwnerTable.NONE || owner > CompanionLayout.SLOTS || !dead[owner]) {
                        continue;
                    }
                    if (free != null && (free[(int) (index >>> 6)] & (1L << index)) != 0) {
                        SHORT.set(companion, entry, (short) OwnerTable.NONE); // crafted: free already, never pushed twice
                        continue;
                    }
                    perSlot[owner]++;
                    batch[n++] = chunks + (index << shift);
                    if (n == BATCH) {
                        push(arena, companion, layout, pool, batch, n);
                        total += n;
                        n = 0;
                    }
                }
                if (n > 0) {
                    push(arena, companion, layout, pool, batch, n);
                    total += n;
                }
            }
            return total;
        }

        /**
         * Marks the {@code n} chunks of {@code batch} {@link OwnerTable#RECLAIMING} (plain stores), then
         * pushes them in one release CAS. Until the marks, their entries still name the dead slot, so a
         * reclaimer killed while it collects a batch loses nothing (the next one collects it again); only a
         * kill between the first mark and the push loses the batch, and the marks show it.
         */
        private static void push(MemorySegment arena, MemorySegment companion, ArenaLayout layout, int pool,
                                 long[] batch, int n) {
            long chunks = layout.chunksOffset(pool);
            int shift = layout.chunkShift(pool);
            long first = CompanionLayout.ENTRIES_OFFSET + CompanionLayout.ENTRY_BYTES * OwnerTable.firstChunk(pool,
                    layout.count());
            for (int i = 0; i < n; i++) {
                long entry = first + CompanionLayout.ENTRY_BYTES * ((batch[i] - chunks) >>> shift);
                SHORT.set(companion, entry, (short) OwnerTable.RECLAIMING); // before the push: never pushed twice
            }
            FreeListBatch.pushBatch(arena, layout.headOffset(pool), chunks, shift, batch, 0, n);
        }

        private static boolean anyDead(MemorySegment companion, long first, long count, boolean[] dead) {
            long end = first + CompanionLayout.ENTRY_BYTES * count;
            for (long entry = first; entry < end; entry += CompanionLayout.ENTRY_BYTES) {
                int owner = (short) SHORT.get(companion, entry) & 0xFFFF;
                if (owner != OwnerTable.NONE && owner <= CompanionLayout.SLOTS && dead[owner]) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The chunks on pool {@code pool}'s free list as a bit set, from a walk that settled (the head word,
         * generation included, was the same before and after: the chain walked was the list at one instant);
         * {@code null} if no walk settled or the list is unsound (the pops report that). Links are plain
         * loads bounded by the count; the head is loaded with acquire before and after, with an acquire fence
         * between the links and the second load.
         */
        static long[] freeChunks(MemorySegment arena, ArenaLayout layout, int pool) {
            long count = layout.count();
            long chunks = layout.chunksOffset(pool);
            int shift = layout.chunkShift(pool);
            for (int attempt = 0; attempt < WALK_ATTEMPTS; attempt++) {
                long[] free = new long[(int) ((count + 63) >>> 6)];
                long head = (long) LONG.getAcquire(arena, layout.headOffset(pool));
                long index = head & 0xFFFF_FFFFL;
                boolean sound = true;
                for (long walked = 0; index != 0xFFFF_FFFFL; walked++) {
                    if (index >= count || walked >= count || (free[(int) (index >>> 6)] & (1L << index)) != 0) {
                        sound = false;
                        break;
                    }
                    free[(int) (index >>> 6)] |= 1L << index;
                    index = (int) INT.get(arena, chunks + (index << shift)) & 0xFFFF_FFFFL;
                }
                VarHandle.acquireFence();
                if ((long) LONG.getAcquire(arena, layout.headOffset(pool)) == head) {
                    return sound ? free : null;
                }
                Thread.onSpinWait();
            }
            return null;
        }
    }
}

package io.arenagen.runtime.owner;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The owner stores of one arena handle with reclamation on: one plain 16-bit store into the
 * companion's entry of a chunk, per allocation and per free. Only the holder writes a chunk's entry, so
 * no store needs an atomic; every chunk's stores are ordered by the free list itself (see below).
 *
 * <p><b>How generated code uses this.</b> A chunk is named by its global chunk number
 * {@code pool × COUNT + (offset - CHUNKS_OFFSET_pool) >>> SHIFT_pool} ({@link #firstChunk} gives the
 * first term). An arena with reclamation reads the table from {@code AbstractSlabArena.owners}
 * (non-null exactly when the arena was opened with {@code ShmOptions.withReclamation()}) and stores:
 * <pre>{@code
 * long at = FreeList.pop(memory, HEAD_0, CHUNKS_0, SHIFT_0, COUNT);
 * if (at >= 0) {
 *     owners.hold(FIRST_CHUNK_0 + ((at - CHUNKS_0) >>> SHIFT_0));   // after the pop's acquire CAS
 * }
 * ...
 * owners.drop(FIRST_CHUNK_0 + ((offset - CHUNKS_0) >>> SHIFT_0));   // before the push's release CAS
 * FreeList.push(memory, HEAD_0, CHUNKS_0, SHIFT_0, offset);
 * }</pre>
 * {@code FIRST_CHUNK_p = p × COUNT} is a compile-time constant. A batch takes the same stores per
 * chunk: {@code hold} for each chunk after {@code FreeListBatch.popBatch}, {@code drop} for each before
 * {@code FreeListBatch.pushBatch}. Thread caches inherit theirs from {@code AbstractThreadCache}.
 *
 * <p>Memory ordering: every store is plain ({@link VarHandle#set}). {@link #drop} comes before the
 * push's release CAS and {@link #hold} after the pop's acquire CAS, so the entry's writers are ordered
 * by the pool's head: whoever pops a chunk next stores after the previous holder's {@code drop}, and a
 * {@code drop} can never overwrite the next holder's {@code hold}. {@link #release} is followed by the
 * queue's release store of the offer and {@link #adopt} follows the poll's acquire load. A reclaimer
 * reads entries only after it took a dead slot's lock; the lock's system calls order it after every
 * store of the dead process (which can make none any more).
 *
 * <p>Entries are bounds-checked by the segment: a chunk number beyond the arena's chunks throws
 * {@link IndexOutOfBoundsException} and writes nothing.
 */
public final class OwnerTable {

    /** Entry value: nobody records the chunk (it is free, or held by a process without reclamation). */
    public static final int NONE = 0;
    /** Entry value: a queue (or {@code release}) carries the chunk; it is never reclaimed. */
    public static final int IN_TRANSIT = 0xFFFF;
    /**
     * Entry value: a reclaimer took the chunk from a dead slot and pushes it back in its current
     * batch; left as it is once pushed, so a chunk that shows it and is not free was lost by a
     * reclaimer that was killed mid-batch (or is held by a process without reclamation).
     */
    public static final int RECLAIMING = 0xFFFE;

    /** Little-endian aligned 16-bit access, coordinates {@code (MemorySegment, long offset)}. */
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    /** The owner entries: the companion's from their first on. */
    private final MemorySegment entries;
    /** This handle's slot number, as stored. */
    private final short slot;

    /**
     * The stores of slot {@code slot} into {@code entries}, the owner entries of a companion object (made
     * when an arena with reclamation attaches; generated code never makes one).
     */
    public OwnerTable(MemorySegment entries, int slot) {
        this.entries = entries;
        this.slot = (short) slot;
    }

    /** The global chunk number of pool {@code pool}'s chunk 0: {@code pool × count}. */
    public static long firstChunk(int pool, long count) {
        return pool * count;
    }

    /** This handle's slot (1 .. 256). */
    public int slot() {
        return slot & 0xFFFF;
    }

    /** Records that this handle holds chunk {@code chunk} (plain store, after the pop's acquire CAS). */
    public void hold(long chunk) {
        SHORT.set(entries, chunk << 1, slot);
    }

    /** Records that nobody holds chunk {@code chunk} (plain store, before the push's release CAS). */
    public void drop(long chunk) {
        SHORT.set(entries, chunk << 1, (short) NONE);
    }

    /** Records that chunk {@code chunk} is in transit (plain store, before the queue's release offer). */
    public void release(long chunk) {
        SHORT.set(entries, chunk << 1, (short) IN_TRANSIT);
    }

    /** Records that this handle holds chunk {@code chunk} that it received (plain store, after the poll). */
    public void adopt(long chunk) {
        SHORT.set(entries, chunk << 1, slot);
    }

    /** The entry of chunk {@code chunk} (plain load): {@link #NONE}, a slot, {@link #RECLAIMING} or {@link #IN_TRANSIT}. */
    public int entry(long chunk) {
        return (short) SHORT.get(entries, chunk << 1) & 0xFFFF;
    }
}

package io.arenagen.runtime.reclaim;

import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ShmName;
import io.arenagen.runtime.owner.OwnerTable;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The bytes of an arena's companion object {@code <name>.owners}: a header that binds it to one arena,
 * a process table of {@value #SLOTS} slots and one owner entry per chunk. The arena's own bytes are
 * untouched (a C++ process sees the arena it always saw), and the companion is arenagen's alone.
 *
 * <table>
 *   <caption>Companion layout (little-endian)</caption>
 *   <tr><th>offset</th><th>bytes</th><th>field</th></tr>
 *   <tr><td>0</td><td>8</td><td>magic {@link #MAGIC}: the whole object was written before it was published</td></tr>
 *   <tr><td>8</td><td>4</td><td>version {@link #VERSION}</td></tr>
 *   <tr><td>12</td><td>4</td><td>slots in the process table</td></tr>
 *   <tr><td>16</td><td>4</td><td>bytes per owner entry (2)</td></tr>
 *   <tr><td>20</td><td>4</td><td>pools of the arena</td></tr>
 *   <tr><td>24</td><td>8</td><td>chunks per pool</td></tr>
 *   <tr><td>32</td><td>8</td><td>the arena's total size {@code Σ (128 + count × size)}</td></tr>
 *   <tr><td>40</td><td>8</td><td>device of the arena's object ({@code statx}: major {@literal <<} 32 | minor)</td></tr>
 *   <tr><td>48</td><td>8</td><td>inode of the arena's object: a companion outlives no arena it was made for</td></tr>
 *   <tr><td>56</td><td>8</td><td>size of this object</td></tr>
 *   <tr><td>64</td><td>64</td><td>{@code log2} of each pool's chunk size, one byte per pool (at most 64 pools)</td></tr>
 *   <tr><td>{@value #SLOTS_OFFSET}</td><td>{@value #SLOTS} × {@value #SLOT_BYTES}</td><td>process table, slot
 *       {@code s} (1 .. {@value #SLOTS}) at {@code SLOTS_OFFSET + (s - 1) × 64}</td></tr>
 *   <tr><td>{@value #ENTRIES_OFFSET}</td><td>2 × pools × count</td><td>owner entries, one {@code uint16} per
 *       chunk, chunk {@code pool × count + index}</td></tr>
 * </table>
 *
 * <p>A slot record is {@value #SLOT_BYTES} bytes, one cache line: state at 0 ({@link #FREE} or
 * {@link #IN_USE}), generation at 4 (one more each time a process takes the slot), pid at 8 and pid
 * namespace inode at 16 (for people reading the inspector's report only: liveness is the lock, never the
 * pid), the attach time in epoch milliseconds at 24. Each attached process holds an
 * open-file-description lock on its record's bytes of the file.
 *
 * <p>Owner entry values: {@link OwnerTable#NONE}, a slot number, {@link OwnerTable#RECLAIMING} or
 * {@link OwnerTable#IN_TRANSIT}; anything else was written by something that is not arenagen.
 */
public final class CompanionLayout {

    /** {@code "arenaown"} in ASCII, little-endian: a companion's first word. */
    public static final long MAGIC = 0x6E776F616E657261L;
    /** The version of this layout. */
    public static final int VERSION = 1;
    /** Slots in the process table: the most arena handles (processes) attached with reclamation at once. */
    public static final int SLOTS = 256;
    /** Bytes of one slot record; the byte range each attached handle locks. */
    public static final long SLOT_BYTES = 64;
    /** Where the process table starts. */
    public static final long SLOTS_OFFSET = 128;
    /** Where the owner entries start. */
    public static final long ENTRIES_OFFSET = SLOTS_OFFSET + SLOTS * SLOT_BYTES;
    /** Bytes per owner entry. */
    public static final int ENTRY_BYTES = 2;
    /** The suffix of a companion's name: {@link ShmName#COMPANION_SUFFIX}, whose rules the names follow. */
    public static final String SUFFIX = ShmName.COMPANION_SUFFIX;

    /** Slot state: nobody uses the slot. */
    public static final int FREE = 0;
    /** Slot state: a process took the slot; it is alive exactly while someone holds the slot's lock. */
    public static final int IN_USE = 1;

    static final long VERSION_OFFSET = 8;
    static final long SLOT_COUNT_OFFSET = 12;
    static final long ENTRY_BYTES_OFFSET = 16;
    static final long POOL_COUNT_OFFSET = 20;
    static final long COUNT_OFFSET = 24;
    static final long ARENA_SIZE_OFFSET = 32;
    static final long ARENA_DEVICE_OFFSET = 40;
    static final long ARENA_INODE_OFFSET = 48;
    static final long SIZE_OFFSET = 56;
    static final long SHIFTS_OFFSET = 64;
    static final int MAX_POOLS = 64;

    /** Offsets in a slot record. */
    public static final long STATE = 0;
    public static final long GENERATION = 4;
    public static final long PID = 8;
    public static final long PID_NAMESPACE = 16;
    public static final long ATTACHED_AT = 24;

    private static final ValueLayout.OfLong LONG = LittleEndian.LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = LittleEndian.INT_UNALIGNED;

    private CompanionLayout() {
    }

    /** The bytes a companion of {@code layout} needs before rounding to pages. */
    public static long bytes(ArenaLayout layout) {
        return ENTRIES_OFFSET + ENTRY_BYTES * chunks(layout);
    }

    /** Chunks of all pools: the number of owner entries. */
    public static long chunks(ArenaLayout layout) {
        return layout.count() * layout.poolCount();
    }

    /** Offset of slot {@code slot}'s record (1 .. {@value #SLOTS}), also the start of its lock's range. */
    public static long slotOffset(int slot) {
        return SLOTS_OFFSET + (slot - 1) * SLOT_BYTES;
    }

    /** The global chunk number of chunk {@code index} of pool {@code pool}: its owner entry's index. */
    public static long chunk(ArenaLayout layout, int pool, long index) {
        return pool * layout.count() + index;
    }

    /** The companion's name for arena {@code name}. */
    public static String nameOf(String name) {
        return name + SUFFIX;
    }

    /**
     * Writes a fresh companion's header for the arena of {@code layout} in the object
     * {@code (device, inode)}; the process table and entries stay zero (every slot free, no owner).
     */
    static void write(MemorySegment companion, ArenaLayout layout, long device, long inode) {
        companion.set(INT, VERSION_OFFSET, VERSION);
        companion.set(INT, SLOT_COUNT_OFFSET, SLOTS);
        companion.set(INT, ENTRY_BYTES_OFFSET, ENTRY_BYTES);
        companion.set(INT, POOL_COUNT_OFFSET, layout.poolCount());
        companion.set(LONG, COUNT_OFFSET, layout.count());
        companion.set(LONG, ARENA_SIZE_OFFSET, layout.totalSize());
        companion.set(LONG, ARENA_DEVICE_OFFSET, device);
        companion.set(LONG, ARENA_INODE_OFFSET, inode);
        companion.set(LONG, SIZE_OFFSET, companion.byteSize());
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            companion.set(ValueLayout.JAVA_BYTE, SHIFTS_OFFSET + pool, (byte) layout.chunkShift(pool));
        }
        companion.set(LONG, 0, MAGIC); // last, for readers of a copy; publication by link(2) orders it anyway
    }

    /**
     * What is wrong with {@code companion} as the companion of the arena of {@code layout} in the object
     * {@code (device, inode)}, in a phrase, or empty if it is that companion. Reads only.
     */
    public static Optional<String> refusal(MemorySegment companion, ArenaLayout layout, long device, long inode) {
        Optional<String> shape = shapeRefusal(companion);
        if (shape.isPresent()) {
            return shape;
        }
        String recorded = describe(companion);
        if (!recorded.equals(layout.describe()) || companion.get(LONG, ARENA_SIZE_OFFSET) != layout.totalSize()) {
            return Optional.of("it records the arena " + recorded + " of " + companion.get(LONG, ARENA_SIZE_OFFSET)
                    + " bytes, not this arena's " + layout.describe() + " of " + layout.totalSize() + " bytes: it is "
                    + "the companion of another arena");
        }
        long recordedDevice = companion.get(LONG, ARENA_DEVICE_OFFSET);
        long recordedInode = companion.get(LONG, ARENA_INODE_OFFSET);
        if (recordedDevice != device || recordedInode != inode) {
            return Optional.of("it was made for the arena object with inode " + recordedInode + " on device 0x"
                    + Long.toHexString(recordedDevice) + ", but the arena's name now names inode " + inode
                    + " on device 0x" + Long.toHexString(device) + ": the arena was removed and created again, and "
                    + "this companion's entries describe chunks of the old one");
        }
        return Optional.empty();
    }

    /**
     * What is wrong with {@code companion}'s header on its own (magic, version, numbers that do not
     * fit its size), or empty. Reads only; the inspector uses it before it trusts any number there.
     */
    public static Optional<String> shapeRefusal(MemorySegment companion) {
        if (companion.byteSize() < ENTRIES_OFFSET) {
            return Optional.of("it is " + companion.byteSize() + " bytes, smaller than the " + ENTRIES_OFFSET
                    + " bytes of a companion's header and process table");
        }
        long magic = companion.get(LONG, 0);
        if (magic != MAGIC) {
            return Optional.of("its first word is 0x" + Long.toHexString(magic) + ", not a companion's magic 0x"
                    + Long.toHexString(MAGIC) + ": it is not an arenagen owners object");
        }
        int version = companion.get(INT, VERSION_OFFSET);
        int slots = companion.get(INT, SLOT_COUNT_OFFSET);
        int entryBytes = companion.get(INT, ENTRY_BYTES_OFFSET);
        if (version != VERSION || slots != SLOTS || entryBytes != ENTRY_BYTES) {
            return Optional.of("it has version " + version + ", " + slots + " slots and " + entryBytes + "-byte "
                    + "entries, where this arenagen writes version " + VERSION + ", " + SLOTS + " slots and "
                    + ENTRY_BYTES + "-byte entries");
        }
        int pools = companion.get(INT, POOL_COUNT_OFFSET);
        long count = companion.get(LONG, COUNT_OFFSET);
        if (pools < 1 || pools > MAX_POOLS || count < 1 || count > 0xFFFF_FFFFL) {
            return Optional.of("it records " + pools + " pools of " + count + " chunks, which no arena has");
        }
        long needed = ENTRIES_OFFSET + ENTRY_BYTES * count * pools;
        long recordedSize = companion.get(LONG, SIZE_OFFSET);
        if (recordedSize != companion.byteSize() || needed > companion.byteSize()) {
            return Optional.of("it records a size of " + recordedSize + " bytes and " + pools + " × " + count
                    + " owner entries (" + needed + " bytes), but it is " + companion.byteSize() + " bytes");
        }
        for (int pool = 0; pool < pools; pool++) {
            int shift = companion.get(ValueLayout.JAVA_BYTE, SHIFTS_OFFSET + pool);
            if (shift < 4 || shift > 62 || pool > 0
                    && shift <= companion.get(ValueLayout.JAVA_BYTE, SHIFTS_OFFSET + pool - 1)) {
                return Optional.of("it records chunk sizes " + describe(companion) + ", which no arena has");
            }
        }
        return Optional.empty();
    }

    /**
     * How many owner entries of {@code companion} name no slot (above {@value #SLOTS} and neither
     * {@link OwnerTable#IN_TRANSIT} nor {@link OwnerTable#RECLAIMING}): arenagen never writes such a value,
     * so they were crafted or overwritten. {@code first[0]} receives the first one's chunk number, if any.
     * Reads only; {@link #shapeRefusal} must have found nothing.
     */
    public static long invalidEntries(MemorySegment companion, ArenaLayout layout, long[] first) {
        long invalid = 0;
        long chunks = chunks(layout);
        for (long chunk = 0; chunk < chunks; chunk++) {
            int entry = companion.get(ValueLayout.JAVA_SHORT_UNALIGNED, ENTRIES_OFFSET + ENTRY_BYTES * chunk) & 0xFFFF;
            if (entry > SLOTS && entry != OwnerTable.IN_TRANSIT && entry != OwnerTable.RECLAIMING) {
                if (invalid == 0) {
                    first[0] = chunk;
                }
                invalid++;
            }
        }
        return invalid;
    }

    /** The owner entry of chunk {@code chunk} (plain load). */
    public static int entry(MemorySegment companion, long chunk) {
        return companion.get(ValueLayout.JAVA_SHORT_UNALIGNED, ENTRIES_OFFSET + ENTRY_BYTES * chunk) & 0xFFFF;
    }

    /**
     * The arena configuration a companion records, as {@link ArenaLayout#describe()} spells it; only
     * meaningful once {@link #shapeRefusal} found nothing.
     */
    public static String describe(MemorySegment companion) {
        int pools = Math.min(MAX_POOLS, Math.max(0, companion.get(INT, POOL_COUNT_OFFSET)));
        long[] sizes = new long[pools];
        for (int pool = 0; pool < pools; pool++) {
            int shift = companion.get(ValueLayout.JAVA_BYTE, SHIFTS_OFFSET + pool) & 63;
            sizes[pool] = 1L << shift;
        }
        return "count=" + companion.get(LONG, COUNT_OFFSET) + ", sizes=" + java.util.Arrays.toString(sizes);
    }

    /** The arena layout a sound companion records ({@link #shapeRefusal} empty). */
    public static ArenaLayout layoutOf(MemorySegment companion) {
        int pools = companion.get(INT, POOL_COUNT_OFFSET);
        long[] sizes = new long[pools];
        for (int pool = 0; pool < pools; pool++) {
            sizes[pool] = 1L << companion.get(ValueLayout.JAVA_BYTE, SHIFTS_OFFSET + pool);
        }
        return ArenaLayout.of(companion.get(LONG, COUNT_OFFSET), sizes);
    }
}

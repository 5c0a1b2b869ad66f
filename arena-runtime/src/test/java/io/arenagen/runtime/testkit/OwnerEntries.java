package io.arenagen.runtime.testkit;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.owner.OwnerTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The owner entries of an arena's companion {@code <name>.owners}, read from its file in {@code /dev/shm}
 * through a read-only mapping: what the tests audit against, independent of the runtime's own readers.
 * Offsets are the companion layout's: entries from byte {@value #ENTRIES_OFFSET}, two bytes per chunk.
 */
public final class OwnerEntries implements AutoCloseable {

    /** Where the entries start: a 128-byte header and 256 slots of 64 bytes. */
    public static final long ENTRIES_OFFSET = 128 + 256 * 64;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment companion;
    private final ArenaLayout layout;

    private OwnerEntries(Path file, ArenaLayout layout) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            this.companion = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        }
        this.layout = layout;
    }

    /** The entries of the companion of arena {@code name}. */
    public static OwnerEntries of(String name, ArenaLayout layout) {
        try {
            return new OwnerEntries(Path.of("/dev/shm", name.substring(1) + ".owners"), layout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry of chunk {@code index} of {@code pool}. */
    public int entry(int pool, long index) {
        return companion.get(SHORT, ENTRIES_OFFSET + 2 * (pool * layout.count() + index)) & 0xFFFF;
    }

    /** The entry of the chunk at {@code offset} in the arena. */
    public int entryAt(long offset) {
        int pool = layout.poolOf(offset);
        return entry(pool, (offset - layout.chunksOffset(pool)) >>> layout.chunkShift(pool));
    }

    /** The state word of slot {@code slot} (0 free, 1 in use). */
    public int state(int slot) {
        return companion.get(INT, 128 + (slot - 1) * 64L);
    }

    /** The pid recorded in slot {@code slot}. */
    public int pid(int slot) {
        return companion.get(INT, 128 + (slot - 1) * 64L + 8);
    }

    /** How many chunks of {@code pool} have entry {@code value}. */
    public int countOf(int pool, int value) {
        int n = 0;
        for (long i = 0; i < layout.count(); i++) {
            if (entry(pool, i) == value) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code value} names a slot, not {@code NONE}, {@code RECLAIMING} or {@code IN_TRANSIT}. */
    public static boolean isSlot(int value) {
        return value != OwnerTable.NONE && value != OwnerTable.IN_TRANSIT && value != OwnerTable.RECLAIMING;
    }

    @Override
    public void close() {
        arena.close();
    }
}

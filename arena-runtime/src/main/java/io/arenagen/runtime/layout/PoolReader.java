package io.arenagen.runtime.layout;

import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.internal.FreeListWalk;
import io.arenagen.runtime.internal.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Reads one pool's {@link PoolStats} from an arena's memory, without an arena object and without
 * writing a byte: arenas use it for {@code stats()}, and a tool can map any arena object read-only
 * (one created by the C++ library included) and call it with the layout it was created with.
 *
 * <p><b>Free chunks.</b> The free list is walked from the head, at most {@code count} links. Other
 * threads and processes may pop and push meanwhile, and a chunk popped mid-walk is its new owner's
 * to overwrite, so a link read during the walk may be stale or garbage. The walk therefore counts
 * only if the tagged head is unchanged after it: every successful pop and push increments the head's
 * generation, so an unchanged head means none succeeded in between (short of a multiple of 2<sup>32</sup>
 * of them, the limit of the ABA guard itself), and the count is exact for the instant of the first
 * head load. Otherwise the walk is repeated, up to {@value #ATTEMPTS} times; for a pool that never
 * holds still that long, the last walk's count is reported: a best effort between 0 and the count,
 * which may be off by about as many operations as ran during the walk. A walk costs one read per free
 * chunk. A list found broken while it held still (an index beyond the count, or a cycle: what a double
 * free in unchecked mode leaves) is a fact, reported as a {@linkplain PoolStats#corrupt() corrupt} pool
 * rather than thrown, so that monitoring keeps reporting the other pools and the fault; a fault seen
 * only in an unsettled walk proves nothing and is not reported.
 *
 * <p><b>Operations</b> are the head's 32-bit generation (successful pops plus pushes, modulo
 * 2<sup>32</sup>), from the same head load as the free count. <b>Exhaustions</b> are the counter at
 * {@link PoolHeader#EXHAUSTIONS_OFFSET}, which C++ processes leave at zero.
 *
 * <p>Memory ordering: the magic and head loads acquire (the links of the chunks the head names are
 * read after the pushes that wrote them, and a ready magic after the initializer's writes); link loads
 * are plain; an acquire fence between the last link load and the second head load keeps the links from
 * being read after it; the exhaustion counter is loaded opaque (atomic, unordered: it orders nothing).
 * The walk is the runtime's one bounded walk ({@code FreeListWalk}), the one arenas do at attach.
 */
public final class PoolReader {

    /** Walks before a pool that keeps changing is reported as best effort. */
    public static final int ATTEMPTS = 8;

    private static final VarHandle LONG = LittleEndian.LONG;

    private PoolReader() {
    }

    /**
     * The numbers of pool {@code pool} of the arena in {@code memory}. Never writes; {@code memory} may be
     * a {@linkplain MemorySegment#asReadOnly() read-only} segment.
     *
     * @param memory the arena's memory, starting at pool 0's header, at least {@code layout.totalSize()} bytes
     * @param layout the configuration the arena was created with
     * @param pool the pool's index
     * @return the pool's numbers (see the class comment for what {@code free} means under concurrent use);
     *     {@linkplain PoolStats#corrupt() corrupt}, with free and in use {@value PoolStats#UNKNOWN}, if its free
     *     list names an index beyond its count or does not end within {@code count} links while it holds still
     * @throws IndexOutOfBoundsException if {@code pool} is not a pool of {@code layout}
     * @throws IllegalArgumentException if {@code memory} is smaller than the layout
     * @throws IllegalStateException if the pool is not ready (not initialized yet, being initialized, or
     *     not a pool at all), or if the memory was unmapped
     */
    public static PoolStats read(MemorySegment memory, ArenaLayout layout, int pool) {
        Objects.requireNonNull(memory, "memory");
        Objects.checkIndex(pool, layout.poolCount());
        if (memory.byteSize() < layout.totalSize()) {
            throw new IllegalArgumentException("memory of " + memory.byteSize() + " bytes is smaller than the "
                    + "layout " + layout.describe() + " (" + layout.totalSize() + " bytes)");
        }
        long base = layout.poolOffset(pool);
        long magic = (long) LONG.getAcquire(memory, base + PoolHeader.MAGIC_OFFSET);
        if (magic != PoolHeader.MAGIC_READY) {
            throw new IllegalStateException("pool " + pool + " (" + layout.describe() + ") is not ready: magic 0x"
                    + Long.toHexString(magic) + (magic == PoolHeader.MAGIC_FRESH ? " (not initialized yet)"
                    : magic == PoolHeader.MAGIC_BUSY ? " (being initialized)" : " (not an arena pool)"));
        }
        long count = layout.count();
        FreeListWalk walk = FreeListWalk.walk(memory, layout.headOffset(pool), layout.chunksOffset(pool),
                layout.chunkShift(pool), count, ATTEMPTS);
        long exhaustions = (long) LONG.getOpaque(memory, base + PoolHeader.EXHAUSTIONS_OFFSET);
        long generation = walk.head() >>> 32;
        if (walk.settled() && !walk.sound()) {
            return new PoolStats(pool, layout.chunkSize(pool), count, PoolStats.UNKNOWN, PoolStats.UNKNOWN, generation,
                    exhaustions, walk.description());
        }
        long free = walk.free();
        return new PoolStats(pool, layout.chunkSize(pool), count, free, count - free, generation, exhaustions);
    }
}

package p;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.ChunkTracker;
import io.arenagen.runtime.pool.ConfinedFreeList;
import io.arenagen.runtime.pool.CorruptFreeListException;
import io.arenagen.runtime.pool.ThreadAccess;
import java.lang.foreign.MemorySegment;
import javax.annotation.processing.Generated;

/**
 * Slab arena generated for {@link ConfinedFeedArena}: 3 pools of 128 chunks
 * in private memory of this process.
 *
 * <p>Allocation is dispatched by straight-line code over the constants of this class, one
 * branch per pool, onto free lists with plain loads and stores ({@link ConfinedFreeList}).
 *
 * <p>Confined: the thread that constructs the arena is its only user; any other thread's call
 * throws {@link WrongThreadException}, naming both threads, and changes nothing. The pools'
 * head words live in {@link #heads} rather than in memory, so an operation reads and writes
 * only the chunk's link there; {@code stats()} writes them back before it reads the lists.
 *
 * <p>Checked mode: freeing a chunk twice, or an offset that is not a chunk's start, throws
 * {@link IllegalStateException} and leaves the pools intact.
 *
 * <table>
 * <caption>Layout, offsets and sizes in bytes</caption>
 * <tr><th>pool</th><th>chunk size</th><th>count</th><th>header offset</th><th>first chunk</th><th>bytes</th></tr>
 * <tr><td>0</td><td>64</td><td>128</td><td>0</td><td>80</td><td>8320</td></tr>
 * <tr><td>1</td><td>256</td><td>128</td><td>8320</td><td>8400</td><td>32896</td></tr>
 * <tr><td>2</td><td>1024</td><td>128</td><td>41216</td><td>41296</td><td>131200</td></tr>
 * <tr><td colspan="5">total</td><td>172416</td></tr>
 * </table>
 */
@Generated("io.arenagen.processor.ArenaProcessor")
public final class ConfinedFeedArenaImpl extends AbstractSlabArena implements ConfinedFeedArena {
    /**
     * Chunks per pool.
     */
    public static final long COUNT = 128L;

    /**
     * Bytes of all pools: the sum of {@code 128 + COUNT * chunk size} over the pools.
     */
    public static final long TOTAL_SIZE = 172416L;

    /**
     * Chunk size of pool 0.
     */
    public static final long POOL_0_CHUNK_SIZE = 64L;

    /**
     * Offset of pool 0's header.
     */
    public static final long POOL_0_OFFSET = 0L;

    /**
     * Offset of pool 0's first chunk: 80 bytes into the pool, where the C++ arena places it.
     */
    public static final long POOL_0_CHUNKS = 80L;

    /**
     * Offset one past pool 0's last chunk (48 bytes of slack follow it).
     */
    public static final long POOL_0_END = 8272L;

    private static final int POOL_0_SHIFT = 6;

    /**
     * Chunk size of pool 1.
     */
    public static final long POOL_1_CHUNK_SIZE = 256L;

    /**
     * Offset of pool 1's header.
     */
    public static final long POOL_1_OFFSET = 8320L;

    /**
     * Offset of pool 1's first chunk: 80 bytes into the pool, where the C++ arena places it.
     */
    public static final long POOL_1_CHUNKS = 8400L;

    /**
     * Offset one past pool 1's last chunk (48 bytes of slack follow it).
     */
    public static final long POOL_1_END = 41168L;

    private static final int POOL_1_SHIFT = 8;

    /**
     * Chunk size of pool 2.
     */
    public static final long POOL_2_CHUNK_SIZE = 1024L;

    /**
     * Offset of pool 2's header.
     */
    public static final long POOL_2_OFFSET = 41216L;

    /**
     * Offset of pool 2's first chunk: 80 bytes into the pool, where the C++ arena places it.
     */
    public static final long POOL_2_CHUNKS = 41296L;

    /**
     * Offset one past pool 2's last chunk (48 bytes of slack follow it).
     */
    public static final long POOL_2_END = 172368L;

    private static final int POOL_2_SHIFT = 10;

    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, POOL_0_CHUNK_SIZE, POOL_1_CHUNK_SIZE, POOL_2_CHUNK_SIZE);

    /**
     * Checked mode: which chunks this handle has handed out.
     */
    private final ChunkTracker tracker = new ChunkTracker(LAYOUT);

    /**
     * The pools' head words, {@code (generation << 32) | first free chunk's index}, indexed by
     * pool. Confined: only the owner thread uses the pools, so the heads live here and no
     * operation re-reads them from memory; {@link #writeBackHeads()} stores them into the
     * pools' headers when {@code stats()} reads the lists.
     */
    private final long[] heads = ConfinedFreeList.loadHeads(memory, LAYOUT);

    /**
     * Maps the arena in private memory and initializes its pools.
     *
     * @throws ArenaException if the memory cannot be mapped
     */
    public ConfinedFeedArenaImpl() {
        super(LAYOUT, ThreadAccess.CONFINED);
    }

    @Override
    public long allocateOffset(long size) {
        // the smallest fitting pool; when it is empty, promote() tries the larger ones
        // ConfinedFreeList.pop: the head from the heads array, the link by a plain load; an index beyond COUNT throws, never read
        // compared unsigned: a negative size is beyond every pool, and refused there
        int pool;
        long chunks;
        int shift;
        if (Long.compareUnsigned(size, POOL_0_CHUNK_SIZE) <= 0) {
            pool = 0;
            chunks = POOL_0_CHUNKS;
            shift = POOL_0_SHIFT;
        } else if (Long.compareUnsigned(size, POOL_1_CHUNK_SIZE) <= 0) {
            pool = 1;
            chunks = POOL_1_CHUNKS;
            shift = POOL_1_SHIFT;
        } else if (Long.compareUnsigned(size, POOL_2_CHUNK_SIZE) <= 0) {
            pool = 2;
            chunks = POOL_2_CHUNKS;
            shift = POOL_2_SHIFT;
        } else {
            if (size < 0) {
                throw negativeSize(size);
            }
            return unserved();
        }
        try {
            long offset = ConfinedFreeList.pop(heads, pool, memory, chunks, shift, COUNT);
            return offset >= 0 ? tracker.allocated(pool, offset) : promote(pool, size);
        } catch (WrongThreadException e) {
            throw wrongThread(e);
        } catch (CorruptFreeListException e) {
            throw corrupted(e);
        }
    }

    /**
     * Slow path of {@link #allocateOffset}: pool {@code exhaustedPool}, the smallest that fits
     * {@code size}, was empty. Counts that, then tries the larger pools in order, counting each
     * one found empty; called inside {@code allocateOffset}'s {@code try}.
     */
    private long promote(int exhaustedPool, long size) {
        countExhaustion(exhaustedPool, size);
        long offset;
        if (exhaustedPool < 1) {
            offset = tracker.allocated(1, ConfinedFreeList.pop(heads, 1, memory, POOL_1_CHUNKS, POOL_1_SHIFT, COUNT));
            if (offset >= 0) {
                return promoted(exhaustedPool, 1, size, offset);
            }
            countExhaustion(1, size);
        }
        if (exhaustedPool < 2) {
            offset = tracker.allocated(2, ConfinedFreeList.pop(heads, 2, memory, POOL_2_CHUNKS, POOL_2_SHIFT, COUNT));
            if (offset >= 0) {
                return promoted(exhaustedPool, 2, size, offset);
            }
            countExhaustion(2, size);
        }
        return unserved();
    }

    @Override
    public long tryAllocateOffset(long size) {
        // the smallest fitting pool only, no promotion; when it is empty, count that
        // ConfinedFreeList.pop: the head from the heads array, the link by a plain load; an index beyond COUNT throws, never read
        // compared unsigned: a negative size is beyond every pool, and refused there
        int pool;
        long chunks;
        int shift;
        if (Long.compareUnsigned(size, POOL_0_CHUNK_SIZE) <= 0) {
            pool = 0;
            chunks = POOL_0_CHUNKS;
            shift = POOL_0_SHIFT;
        } else if (Long.compareUnsigned(size, POOL_1_CHUNK_SIZE) <= 0) {
            pool = 1;
            chunks = POOL_1_CHUNKS;
            shift = POOL_1_SHIFT;
        } else if (Long.compareUnsigned(size, POOL_2_CHUNK_SIZE) <= 0) {
            pool = 2;
            chunks = POOL_2_CHUNKS;
            shift = POOL_2_SHIFT;
        } else {
            if (size < 0) {
                throw negativeSize(size);
            }
            return unserved();
        }
        try {
            long offset = ConfinedFreeList.pop(heads, pool, memory, chunks, shift, COUNT);
            return offset >= 0 ? tracker.allocated(pool, offset) : exhausted(pool, size);
        } catch (WrongThreadException e) {
            throw wrongThread(e);
        } catch (CorruptFreeListException e) {
            throw corrupted(e);
        }
    }

    @Override
    public void deallocateOffset(long offset) {
        // the owning pool by offset range: the first pool that ends past the offset, then its start
        // ConfinedFreeList.push: plain loads and stores, one owner thread; its store of the link fails for any other thread
        int pool;
        long chunks;
        int shift;
        if (offset < POOL_0_END) {
            pool = 0;
            chunks = POOL_0_CHUNKS;
            shift = POOL_0_SHIFT;
        } else if (offset < POOL_1_END) {
            pool = 1;
            chunks = POOL_1_CHUNKS;
            shift = POOL_1_SHIFT;
        } else if (offset < POOL_2_END) {
            pool = 2;
            chunks = POOL_2_CHUNKS;
            shift = POOL_2_SHIFT;
        } else {
            // beyond the last pool: a foreign offset is ignored, but a closed arena or another thread still throws
            ensureOpen();
            return;
        }
        if (offset < chunks) {
            // before the pool's first chunk (a header, slack, a negative offset): foreign, as above
            ensureOpen();
            return;
        }
        // the owner's call on an open arena only: a refused call changes no bookkeeping
        ensureOpen();
        tracker.released(pool, offset);
        try {
            ConfinedFreeList.push(heads, pool, memory, chunks, shift, offset);
        } catch (WrongThreadException e) {
            throw wrongThread(e);
        }
    }

    @Override
    protected void foreignSegment(MemorySegment chunk) {
        ensureOwner();
        ChunkTracker.requireNotStale(chunk);
        super.foreignSegment(chunk);
    }

    /**
     * Checked mode: {@code release} and {@code adopt} check {@link #tracker} first.
     */
    @Override
    protected ChunkTracker tracker() {
        return tracker;
    }

    /**
     * Stores {@link #heads} into the pools' head words, so that {@code stats()} reads complete lists.
     */
    @Override
    protected void writeBackHeads() {
        ConfinedFreeList.storeHeads(memory, LAYOUT, heads);
    }
}

package p;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.AbstractSlabArena;
import io.arenagen.runtime.pool.CorruptFreeListException;
import io.arenagen.runtime.pool.FreeList;
import javax.annotation.processing.Generated;

/**
 * Slab arena generated for {@link FeedArena}: 3 pools of 128 chunks
 * in a POSIX shared-memory object, usable by several processes at once.
 *
 * <p>Allocation is dispatched by straight-line code over the constants of this class, one
 * branch per pool, onto lock-free free lists ({@link FreeList}).
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
public final class FeedArenaImpl extends AbstractSlabArena implements FeedArena {
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

    private static final long POOL_0_HEAD = 64L;

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

    private static final long POOL_1_HEAD = 8384L;

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

    private static final long POOL_2_HEAD = 41280L;

    private static final int POOL_2_SHIFT = 10;

    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, POOL_0_CHUNK_SIZE, POOL_1_CHUNK_SIZE, POOL_2_CHUNK_SIZE);

    /**
     * Opens the shared-memory object {@code name}, creating it if it does not exist, with
     * {@link ShmOptions#defaults()}.
     *
     * @param name the object's name, for example {@code "/my-arena"}
     * @throws IllegalArgumentException if {@code name} is not a valid shared-memory name
     * @throws ArenaException if the object cannot be opened, mapped or used with this layout
     */
    public FeedArenaImpl(String name) {
        this(name, ShmOptions.defaults());
    }

    /**
     * Opens the shared-memory object {@code name}, creating it if it does not exist.
     *
     * @param name the object's name, for example {@code "/my-arena"}
     * @param options permissions of a created object and the bound on waiting for other processes
     * @throws IllegalArgumentException if {@code name} is not a valid shared-memory name
     * @throws ArenaException if the object cannot be opened, mapped or used with this layout
     */
    public FeedArenaImpl(String name, ShmOptions options) {
        super(LAYOUT, name, options);
    }

    @Override
    public long allocateOffset(long size) {
        // the smallest fitting pool; when it is empty, promote() tries the larger ones
        // FreeList.pop: acquire load of the head + acquire CAS; an index beyond COUNT throws, never read
        if (size < 0) {
            throw negativeSize(size);
        }
        int pool;
        long head;
        long chunks;
        int shift;
        if (size <= POOL_0_CHUNK_SIZE) {
            pool = 0;
            head = POOL_0_HEAD;
            chunks = POOL_0_CHUNKS;
            shift = POOL_0_SHIFT;
        } else if (size <= POOL_1_CHUNK_SIZE) {
            pool = 1;
            head = POOL_1_HEAD;
            chunks = POOL_1_CHUNKS;
            shift = POOL_1_SHIFT;
        } else if (size <= POOL_2_CHUNK_SIZE) {
            pool = 2;
            head = POOL_2_HEAD;
            chunks = POOL_2_CHUNKS;
            shift = POOL_2_SHIFT;
        } else {
            return unserved();
        }
        try {
            long offset = FreeList.pop(memory, head, chunks, shift, COUNT);
            return offset >= 0 ? offset : promote(pool, size);
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
            offset = FreeList.pop(memory, POOL_1_HEAD, POOL_1_CHUNKS, POOL_1_SHIFT, COUNT);
            if (offset >= 0) {
                return promoted(exhaustedPool, 1, size, offset);
            }
            countExhaustion(1, size);
        }
        if (exhaustedPool < 2) {
            offset = FreeList.pop(memory, POOL_2_HEAD, POOL_2_CHUNKS, POOL_2_SHIFT, COUNT);
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
        // FreeList.pop: acquire load of the head + acquire CAS; an index beyond COUNT throws, never read
        if (size < 0) {
            throw negativeSize(size);
        }
        int pool;
        long head;
        long chunks;
        int shift;
        if (size <= POOL_0_CHUNK_SIZE) {
            pool = 0;
            head = POOL_0_HEAD;
            chunks = POOL_0_CHUNKS;
            shift = POOL_0_SHIFT;
        } else if (size <= POOL_1_CHUNK_SIZE) {
            pool = 1;
            head = POOL_1_HEAD;
            chunks = POOL_1_CHUNKS;
            shift = POOL_1_SHIFT;
        } else if (size <= POOL_2_CHUNK_SIZE) {
            pool = 2;
            head = POOL_2_HEAD;
            chunks = POOL_2_CHUNKS;
            shift = POOL_2_SHIFT;
        } else {
            return unserved();
        }
        try {
            long offset = FreeList.pop(memory, head, chunks, shift, COUNT);
            return offset >= 0 ? offset : exhausted(pool, size);
        } catch (CorruptFreeListException e) {
            throw corrupted(e);
        }
    }

    @Override
    public void deallocateOffset(long offset) {
        // the owning pool by offset range
        // FreeList.push: plain store of the link, published by a release CAS of the head
        if (offset >= POOL_0_CHUNKS && offset < POOL_0_END) {
            FreeList.push(memory, POOL_0_HEAD, POOL_0_CHUNKS, POOL_0_SHIFT, offset);
            return;
        }
        if (offset >= POOL_1_CHUNKS && offset < POOL_1_END) {
            FreeList.push(memory, POOL_1_HEAD, POOL_1_CHUNKS, POOL_1_SHIFT, offset);
            return;
        }
        if (offset >= POOL_2_CHUNKS && offset < POOL_2_END) {
            FreeList.push(memory, POOL_2_HEAD, POOL_2_CHUNKS, POOL_2_SHIFT, offset);
            return;
        }
        // a foreign offset is ignored, but a closed arena still throws
        ensureOpen();
    }

    /**
     * The generated cache, {@link FeedArenaImplThreadCache}: dispatch unrolled over this class's constants.
     */
    @Override
    protected ThreadCache newThreadCache(int chunksPerPool) {
        return new FeedArenaImplThreadCache(this, chunksPerPool, null);
    }
}

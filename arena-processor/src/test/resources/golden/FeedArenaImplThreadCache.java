package p;

import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.pool.AbstractThreadCache;
import io.arenagen.runtime.pool.ChunkTracker;
import javax.annotation.processing.Generated;

/**
 * Thread cache generated for {@link FeedArenaImpl}: up to {@code chunksPerPool} chunks of each of its 3
 * pools parked for one thread, refilled and drained in batches of one CAS each. Made by
 * {@code threadCache(int)} of the arena; see {@link ThreadCache}.
 */
@Generated("io.arenagen.processor.ArenaProcessor")
final class FeedArenaImplThreadCache extends AbstractThreadCache {
    FeedArenaImplThreadCache(FeedArenaImpl arena, int chunksPerPool, ChunkTracker tracker) {
        super(arena, chunksPerPool, tracker);
    }

    @Override
    public long allocateOffset(long size) {
        checkOwner();
        if (size < 0) {
            throw negativeSize(size);
        }
        int pool;
        if (size <= FeedArenaImpl.POOL_0_CHUNK_SIZE) {
            pool = 0;
        } else if (size <= FeedArenaImpl.POOL_1_CHUNK_SIZE) {
            pool = 1;
        } else if (size <= FeedArenaImpl.POOL_2_CHUNK_SIZE) {
            pool = 2;
        } else {
            return unserved();
        }
        return take(pool, size);
    }

    @Override
    public long tryAllocateOffset(long size) {
        checkOwner();
        if (size < 0) {
            throw negativeSize(size);
        }
        int pool;
        if (size <= FeedArenaImpl.POOL_0_CHUNK_SIZE) {
            pool = 0;
        } else if (size <= FeedArenaImpl.POOL_1_CHUNK_SIZE) {
            pool = 1;
        } else if (size <= FeedArenaImpl.POOL_2_CHUNK_SIZE) {
            pool = 2;
        } else {
            return unserved();
        }
        return tryTake(pool, size);
    }

    @Override
    public void deallocateOffset(long offset) {
        checkOwner();
        int pool;
        if (offset >= FeedArenaImpl.POOL_0_CHUNKS && offset < FeedArenaImpl.POOL_0_END) {
            pool = 0;
        } else if (offset >= FeedArenaImpl.POOL_1_CHUNKS && offset < FeedArenaImpl.POOL_1_END) {
            pool = 1;
        } else if (offset >= FeedArenaImpl.POOL_2_CHUNKS && offset < FeedArenaImpl.POOL_2_END) {
            pool = 2;
        } else {
            ignored();
            return;
        }
        park(pool, offset);
    }
}

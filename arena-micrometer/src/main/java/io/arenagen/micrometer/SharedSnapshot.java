package io.arenagen.micrometer;

import io.arenagen.runtime.ArenaStats;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One {@link ArenaStats} snapshot shared by every meter of one {@link ArenaMetrics}, so that a scrape
 * of all of them walks the arena's free lists once instead of once per meter. A meter gets the current
 * snapshot unless it has already read that one (then a new scrape has begun) or the snapshot is at least
 * the maximum age old (then it would be stale); otherwise a new one is taken. So a scrape that reads each
 * meter once costs one {@code stats()}, and no reading is older than the maximum age or older than the
 * same meter's previous reading.
 *
 * <p>Registries may read meters on several threads (two registries scraping at once): every access is
 * under this object's lock, and the snapshot is taken under it too, so concurrent readers wait for one
 * walk instead of each starting their own.
 */
final class SharedSnapshot {

    /** One meter's place in the sharing: the generation of the snapshot it read last; guarded by the lock. */
    static final class Reader {
        private long seen = -1L;
    }

    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private ArenaStats stats;
    private long takenAt;
    private long generation;

    /**
     * @param nanoTime the clock, {@link System#nanoTime()} outside tests
     * @param maxAgeNanos how long a snapshot may be shared at most
     */
    SharedSnapshot(LongSupplier nanoTime, long maxAgeNanos) {
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * The snapshot for {@code reader}, taken with {@code take} if the current one will not do. If
     * {@code take} throws, there is no current snapshot afterwards (the next reader tries again) and the
     * exception propagates.
     */
    synchronized ArenaStats get(Reader reader, Supplier<ArenaStats> take) {
        long now = nanoTime.getAsLong();
        if (stats == null || reader.seen == generation || now - takenAt >= maxAgeNanos) {
            stats = null;
            stats = take.get();
            takenAt = now;
            generation++;
        }
        reader.seen = generation;
        return stats;
    }
}

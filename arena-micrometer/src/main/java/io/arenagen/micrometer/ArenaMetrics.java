package io.arenagen.micrometer;

import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.SlabAllocator;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Publishes an arena's {@link SlabAllocator#stats() statistics} to Micrometer, so that a full pool shows up
 * on the dashboards and alerts the application already has:
 *
 * <pre>{@code
 * new ArenaMetrics(arena, "orders", Tags.empty()).bindTo(registry);
 * }</pre>
 *
 * <p>Per pool, tagged {@code arena}, {@code pool} (its index) and {@code chunk.size} (bytes) plus the given tags:
 * gauges {@value #FREE}, {@value #IN_USE} and {@value #CAPACITY} (in chunks) and a function counter
 * {@value #EXHAUSTIONS}, the requests that found the pool empty (kept in the arena's memory, so it counts every
 * process of a shared arena, and survives this process).
 *
 * <p>Nothing is added to the allocation path: the meters read {@link SlabAllocator#stats()} when the registry
 * asks, and each free or in-use reading walks that pool's free list ({@code O(count)}), which is nothing at
 * scrape intervals. The arena is held weakly, as Micrometer holds a gauge's object; once it is closed (or
 * collected) the gauges read {@code NaN} and the counter its last value.
 */
public final class ArenaMetrics implements MeterBinder {

    /** Free chunks of a pool. */
    public static final String FREE = "arenagen.pool.free";
    /** Chunks of a pool held by someone. */
    public static final String IN_USE = "arenagen.pool.in.use";
    /** Chunks of a pool in all (the arena's count). */
    public static final String CAPACITY = "arenagen.pool.capacity";
    /** Requests that found a pool empty. */
    public static final String EXHAUSTIONS = "arenagen.pool.exhaustions";

    private final SlabAllocator arena;
    private final String name;
    private final Tags tags;

    /**
     * @param arena the arena to publish; it must be open when {@link #bindTo} runs
     * @param name the value of the {@code arena} tag, for example {@code "orders"}
     * @param tags more tags for every meter, for example {@code Tags.of("service", "gateway")}
     */
    public ArenaMetrics(SlabAllocator arena, String name, Iterable<Tag> tags) {
        this.arena = Objects.requireNonNull(arena, "arena");
        this.name = Objects.requireNonNull(name, "name");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the meters of every pool.
     *
     * @throws IllegalStateException if the arena is closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (PoolStats pool : arena.stats().pools()) {
            int index = pool.pool();
            Tags poolTags = tags.and("arena", name, "pool", Integer.toString(index), "chunk.size",
                    Long.toString(pool.chunkSize()));
            gauge(registry, FREE, "Free chunks of the pool", poolTags, stat(index, PoolStats::free));
            gauge(registry, IN_USE, "Chunks of the pool in use", poolTags, stat(index, PoolStats::inUse));
            gauge(registry, CAPACITY, "Chunks of the pool in all", poolTags, stat(index, PoolStats::capacity));
            FunctionCounter.builder(EXHAUSTIONS, arena, exhaustions(index))
                    .description("Requests that found the pool empty").baseUnit("requests").tags(poolTags)
                    .register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String meter, String description, Tags tags,
                       ToDoubleFunction<SlabAllocator> value) {
        Gauge.builder(meter, arena, value).description(description).baseUnit("chunks").tags(tags).register(registry);
    }

    /**
     * The exhaustions of pool {@code pool}, or the last value read once the arena is closed: a counter
     * must never go back or become {@code NaN}, or registries that publish deltas would report nonsense.
     */
    private static ToDoubleFunction<SlabAllocator> exhaustions(int pool) {
        AtomicLong last = new AtomicLong();
        return arena -> {
            try {
                last.set(arena.stats().pools().get(pool).exhaustions());
            } catch (IllegalStateException closed) {
                // keep the last value
            }
            return last.get();
        };
    }

    /** A gauge's number of pool {@code pool}, read when the registry asks; {@code NaN} once the arena is closed. */
    private static ToDoubleFunction<SlabAllocator> stat(int pool, ToDoubleFunction<PoolStats> number) {
        return arena -> {
            ArenaStats stats;
            try {
                stats = arena.stats();
            } catch (IllegalStateException closed) {
                return Double.NaN;
            }
            return number.applyAsDouble(stats.pools().get(pool));
        };
    }
}

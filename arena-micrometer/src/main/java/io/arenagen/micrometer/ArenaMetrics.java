package io.arenagen.micrometer;

import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.SlabAllocator;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Publishes an arena's {@link SlabAllocator#stats() statistics} to Micrometer, so that a full or corrupt
 * pool shows up on the dashboards and alerts the application already has:
 *
 * <pre>{@code
 * ArenaMetrics metrics = new ArenaMetrics(arena, "orders", Tags.empty());
 * metrics.bindTo(registry);
 * // ...
 * metrics.close();   // removes exactly these meters again (before re-creating the arena, say)
 * }</pre>
 *
 * <p>Per pool, tagged {@code arena}, {@code pool} (its index) and {@code chunk.size} (bytes) plus the given tags:
 * gauges {@value #FREE}, {@value #IN_USE} and {@value #CAPACITY} (in chunks), {@value #CORRUPT} (1 when the
 * pool's free list is corrupt, 0 otherwise) and a function counter {@value #EXHAUSTIONS}, the requests that
 * found the pool empty (kept in the arena's memory, so it counts every process of a shared arena, and survives
 * this process).
 *
 * <p><b>Cost.</b> Nothing is added to the allocation path. The meters share one {@link SlabAllocator#stats()}
 * snapshot, which walks every pool's free list: a scrape that reads every meter once takes one snapshot, not one
 * per meter. A meter reads the current snapshot unless it has read that one already (a new scrape has begun) or
 * it is {@link #SNAPSHOT_MAX_AGE} old, so no reading is staler than that.
 *
 * <p><b>Readings never throw into the registry</b> (an exception there would cost the application every metric
 * of the scrape): when no snapshot can be had, because the arena is closed or was collected, the gauges read
 * {@code NaN} and the counter its last value. A {@linkplain PoolStats#corrupt() corrupt} pool (after a double
 * free in unchecked mode, say) reads {@code NaN} free and in use, 1 for {@value #CORRUPT}, and its true
 * capacity and exhaustions. The arena is held weakly, as Micrometer holds a gauge's object.
 *
 * <p><b>Confined arenas</b> belong to their owner thread, and registries read meters on threads of their own,
 * so {@link #ArenaMetrics(SlabAllocator, String, Iterable)} refuses them. Their owner publishes snapshots
 * instead:
 *
 * <pre>{@code
 * ArenaMetrics metrics = ArenaMetrics.published(arena.stats(), "core-3", Tags.empty()); // on the owner thread
 * metrics.bindTo(registry);
 * // in the owner's loop, at least once per scrape interval:
 * metrics.publish(arena.stats());
 * }</pre>
 *
 * <p><b>Binding.</b> {@link #bindTo} registers the meters of every pool and remembers them per registry; binding
 * the same instance to the same registry again does nothing. {@link #unbind} removes this instance's meters
 * from one registry, {@link #close()} from every registry it is bound to (it does not close the arena). Meters
 * of another binding with the same names and tags (the binding of an earlier arena that was not unbound) are
 * refused, since Micrometer would otherwise keep reading the earlier one, {@code NaN} forever.
 */
public final class ArenaMetrics implements MeterBinder, AutoCloseable {

    /** Free chunks of a pool. */
    public static final String FREE = "arenagen.pool.free";
    /** Chunks of a pool held by someone. */
    public static final String IN_USE = "arenagen.pool.in.use";
    /** Chunks of a pool in all (the arena's count). */
    public static final String CAPACITY = "arenagen.pool.capacity";
    /** 1 if a pool's free list is corrupt, 0 otherwise. */
    public static final String CORRUPT = "arenagen.pool.corrupt";
    /** Requests that found a pool empty. */
    public static final String EXHAUSTIONS = "arenagen.pool.exhaustions";

    /** How long the meters share one snapshot at most. */
    public static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

    /** What every meter holds weakly and reads from: the arena, or the {@link Published} holder. */
    private final Object target;
    /** The arena, for the pools at bind time; {@code null} when published. */
    private final SlabAllocator arena;
    /** The owner's snapshots; {@code null} when the meters read the arena. */
    private final Published published;
    /** What the meters read with: it holds neither the arena nor this instance, so the meters hold the arena weakly. */
    private final Readings readings;
    private final String name;
    private final Tags tags;
    /** Every registry this instance is bound to, with the meters it registered there; guarded by this. */
    private final Map<MeterRegistry, List<Meter>> bound = new IdentityHashMap<>();

    /**
     * Meters that read {@code arena} when the registry asks.
     *
     * @param arena the arena to publish, shared (not confined); it must be open when {@link #bindTo} runs
     * @param name the value of the {@code arena} tag, for example {@code "orders"}
     * @param tags more tags for every meter, for example {@code Tags.of("service", "gateway")}
     * @throws IllegalArgumentException if {@code arena} is {@linkplain SlabAllocator#confined() confined}
     */
    public ArenaMetrics(SlabAllocator arena, String name, Iterable<Tag> tags) {
        this(arena, name, tags, System::nanoTime);
    }

    /** The test seam: {@code nanoTime} is the clock that ages the shared snapshot. */
    ArenaMetrics(SlabAllocator arena, String name, Iterable<Tag> tags, LongSupplier nanoTime) {
        this.arena = Objects.requireNonNull(arena, "arena");
        this.name = Objects.requireNonNull(name, "name");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        if (arena.confined()) {
            throw new IllegalArgumentException(arena + " is confined to the thread that created it, and a registry "
                    + "reads meters on threads of its own, so every reading would fail; bind a shared arena "
                    + "(SlabArenas.local or shared, or @Arena without confined), or let the owner thread publish its "
                    + "snapshots: ArenaMetrics.published(arena.stats(), \"" + name + "\", tags), then "
                    + "metrics.publish(arena.stats()) on the owner thread at least once per scrape interval");
        }
        this.target = arena;
        this.published = null;
        this.readings = new Readings(new SharedSnapshot(nanoTime, SNAPSHOT_MAX_AGE.toNanos()));
    }

    private ArenaMetrics(ArenaStats first, String name, Iterable<Tag> tags) {
        this.arena = null;
        this.name = Objects.requireNonNull(name, "name");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.published = new Published(Objects.requireNonNull(first, "first"));
        this.target = published;
        this.readings = new Readings(null);
    }

    /**
     * Meters that read the snapshots an arena's owner {@linkplain #publish publishes}, for a confined arena
     * (or any arena whose stats should be read on one thread). They show the latest published numbers; keep
     * this instance (you need it to publish anyway): the meters hold it weakly, as they hold an arena.
     *
     * @param first the arena's first snapshot, {@code arena.stats()} on its owner thread: the pools to publish
     * @param name the value of the {@code arena} tag, for example {@code "core-3"}
     * @param tags more tags for every meter
     * @return meters to {@link #bindTo} a registry
     */
    public static ArenaMetrics published(ArenaStats first, String name, Iterable<Tag> tags) {
        return new ArenaMetrics(first, name, tags);
    }

    /**
     * Makes {@code latest} what the meters read, from now on. Call it on the arena's owner thread with
     * {@code arena.stats()}, at least as often as the registry scrapes.
     *
     * @param latest a snapshot of the arena this instance was made for
     * @throws IllegalStateException if this instance reads an arena itself (made with the constructor)
     * @throws IllegalArgumentException if {@code latest} has other pools than the first snapshot
     */
    public void publish(ArenaStats latest) {
        Objects.requireNonNull(latest, "latest");
        if (published == null) {
            throw new IllegalStateException("these meters read " + arena + " at every scrape; publish() is for "
                    + "meters made with ArenaMetrics.published(first, name, tags)");
        }
        published.set(latest);
    }

    /**
     * Registers the meters of every pool in {@code registry}; does nothing if this instance is bound to it
     * already.
     *
     * @throws IllegalStateException if the arena is closed
     * @throws IllegalArgumentException if a meter of the same name and tags is registered already (by another
     *     binding: {@link #unbind} or {@link #close()} that one first, or choose another {@code arena} tag);
     *     nothing of this binding is left registered then
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (bound.containsKey(registry)) {
            return;
        }
        List<PoolStats> pools = arena != null ? arena.stats().pools() : published.first.pools();
        Set<Meter> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(registry.getMeters());
        List<Meter> mine = new ArrayList<>();
        for (PoolStats pool : pools) {
            int index = pool.pool();
            Tags poolTags = tags.and("arena", name, "pool", Integer.toString(index), "chunk.size",
                    Long.toString(pool.chunkSize()));
            add(registry, before, mine, gauge(registry, FREE, "Free chunks of the pool", "chunks", poolTags,
                    index, p -> p.corrupt() ? Double.NaN : p.free()));
            add(registry, before, mine, gauge(registry, IN_USE, "Chunks of the pool in use", "chunks", poolTags,
                    index, p -> p.corrupt() ? Double.NaN : p.inUse()));
            add(registry, before, mine, gauge(registry, CAPACITY, "Chunks of the pool in all", "chunks", poolTags,
                    index, PoolStats::capacity));
            add(registry, before, mine, gauge(registry, CORRUPT, "1 if the pool's free list is corrupt: restart the "
                    + "processes that use the arena", null, poolTags, index, p -> p.corrupt() ? 1 : 0));
            add(registry, before, mine, FunctionCounter.builder(EXHAUSTIONS, target, readings.exhaustions(index))
                    .description("Requests that found the pool empty").baseUnit("requests").tags(poolTags)
                    .register(registry));
        }
        bound.put(registry, mine);
    }

    /** Removes the meters this instance registered in {@code registry}, and only those; nothing if not bound. */
    public synchronized void unbind(MeterRegistry registry) {
        List<Meter> mine = bound.remove(Objects.requireNonNull(registry, "registry"));
        if (mine != null) {
            mine.forEach(registry::remove);
        }
    }

    /**
     * Removes this instance's meters from every registry it is bound to. The arena stays open (it is the
     * caller's); the instance may be bound again.
     */
    @Override
    public synchronized void close() {
        bound.forEach((registry, mine) -> mine.forEach(registry::remove));
        bound.clear();
    }

    /** Keeps {@code meter}, unless it is another binding's that the registry returned for the same id. */
    private void add(MeterRegistry registry, Set<Meter> before, List<Meter> mine, Meter meter) {
        if (before.contains(meter)) {
            mine.forEach(registry::remove);
            throw new IllegalArgumentException("meter " + meter.getId().getName() + " " + meter.getId().getTags()
                    + " is registered already, by another binding (of an earlier arena under the arena tag \"" + name
                    + "\", say), and Micrometer would go on reading that one; unbind it first (unbind(registry) or "
                    + "close() on its ArenaMetrics) or bind this arena under another name");
        }
        mine.add(meter);
    }

    private Gauge gauge(MeterRegistry registry, String meter, String description, String unit, Tags poolTags,
            int pool, ToDoubleFunction<PoolStats> number) {
        return Gauge.builder(meter, target, readings.gauge(pool, number)).description(description).baseUnit(unit)
                .tags(poolTags).register(registry);
    }

    /**
     * The meters' functions, which get the snapshot from the object a meter holds weakly (the arena, or the
     * {@link Published} holder) and catch every runtime exception on the way: a closed arena's, and anything
     * an arena this class does not know throws, so that no reading fails the registry's scrape.
     *
     * @param shared the snapshot the meters of an arena share; {@code null} when the owner publishes
     */
    private record Readings(SharedSnapshot shared) {

        /** A gauge's number of pool {@code pool}; {@code NaN} when no snapshot can be had. */
        ToDoubleFunction<Object> gauge(int pool, ToDoubleFunction<PoolStats> number) {
            SharedSnapshot.Reader reader = new SharedSnapshot.Reader();
            return target -> {
                ArenaStats stats = read(target, reader);
                return stats == null ? Double.NaN : number.applyAsDouble(stats.pools().get(pool));
            };
        }

        /**
         * The exhaustions of pool {@code pool}, or the last value read when no snapshot can be had: a counter
         * must never go back or become {@code NaN}, or registries that publish deltas would report nonsense.
         */
        ToDoubleFunction<Object> exhaustions(int pool) {
            SharedSnapshot.Reader reader = new SharedSnapshot.Reader();
            AtomicLong last = new AtomicLong();
            return target -> {
                ArenaStats stats = read(target, reader);
                if (stats != null) {
                    last.set(stats.pools().get(pool).exhaustions());
                }
                return last.get();
            };
        }

        private ArenaStats read(Object target, SharedSnapshot.Reader reader) {
            try {
                return shared == null ? ((Published) target).latest
                        : shared.get(reader, ((SlabAllocator) target)::stats);
            } catch (RuntimeException unavailable) {
                return null;
            }
        }
    }

    /** The snapshots an owner thread publishes: the first fixes the pools, {@code latest} is what meters read. */
    private static final class Published {

        private final ArenaStats first;
        /** Written by the owner, read by scrape threads: volatile (release/acquire; snapshots are immutable). */
        private volatile ArenaStats latest;

        Published(ArenaStats first) {
            this.first = first;
            this.latest = first;
        }

        void set(ArenaStats snapshot) {
            if (!shape(snapshot).equals(shape(first))) {
                throw new IllegalArgumentException("the snapshot of " + snapshot.arena() + " has pools "
                        + shape(snapshot) + ", the first one published " + shape(first) + "; publish snapshots of "
                        + "the arena these meters were made for");
            }
            latest = snapshot;
        }

        /** Chunk size and capacity of every pool: what a snapshot of the same arena always has. */
        private static List<String> shape(ArenaStats stats) {
            return stats.pools().stream().map(p -> p.chunkSize() + " B x " + p.capacity()).toList();
        }
    }
}

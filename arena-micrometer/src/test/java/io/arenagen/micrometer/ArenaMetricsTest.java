package io.arenagen.micrometer;

import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ArenaMetrics} against a {@link SimpleMeterRegistry}: the meters follow real allocations. */
@Timeout(60)
class ArenaMetricsTest {

    private static double gauge(MeterRegistry registry, String meter, int pool) {
        return registry.get(meter).tag("arena", "orders").tag("pool", Integer.toString(pool)).gauge().value();
    }

    private static double exhaustions(MeterRegistry registry, int pool) {
        return registry.get(ArenaMetrics.EXHAUSTIONS).tag("pool", Integer.toString(pool)).functionCounter().count();
    }

    /** Reads every meter of the registry once, as a scrape does; the values in registration order. */
    private static List<Double> scrape(MeterRegistry registry) {
        List<Double> values = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            for (Measurement measurement : meter.measure()) {
                values.add(measurement.getValue());
            }
        }
        return values;
    }

    @Test
    void gaugesFollowAllocationsAndTheCounterCountsExhaustions() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SlabAllocator arena = SlabArenas.local(4, 64, 256)) {
            new ArenaMetrics(arena, "orders", Tags.of("service", "gateway")).bindTo(registry);
            assertEquals(4, gauge(registry, ArenaMetrics.FREE, 0));

            for (int i = 0; i < 3; i++) {
                arena.tryAllocateOffset(64);
            }
            arena.tryAllocateOffset(256);

            assertEquals(1, gauge(registry, ArenaMetrics.FREE, 0));
            assertEquals(3, gauge(registry, ArenaMetrics.IN_USE, 0));
            assertEquals(4, gauge(registry, ArenaMetrics.CAPACITY, 0));
            assertEquals(3, gauge(registry, ArenaMetrics.FREE, 1));
            assertEquals(1, gauge(registry, ArenaMetrics.IN_USE, 1));
            assertEquals(0, gauge(registry, ArenaMetrics.CORRUPT, 0));
            assertEquals(0, exhaustions(registry, 0));

            arena.tryAllocateOffset(64);
            assertEquals(-1, arena.tryAllocateOffset(64)); // pool 0 is exhausted
            assertEquals(-1, arena.tryAllocateOffset(64));

            assertEquals(2, exhaustions(registry, 0));
            assertEquals(0, exhaustions(registry, 1));
            assertEquals(0, gauge(registry, ArenaMetrics.FREE, 0));
        }
    }

    @Test
    void everyMeterCarriesArenaPoolChunkSizeAndTheGivenTags() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SlabAllocator arena = SlabArenas.local(4, 64, 256)) {
            new ArenaMetrics(arena, "orders", Tags.of("service", "gateway")).bindTo(registry);

            assertEquals(10, registry.getMeters().size()); // 2 pools x (4 gauges + 1 counter)
            assertEquals(4, registry.get(ArenaMetrics.CAPACITY).tags("pool", "1", "chunk.size", "256",
                    "service", "gateway", "arena", "orders").gauge().value());
            assertEquals(1, registry.find(ArenaMetrics.EXHAUSTIONS).tags("pool", "0", "chunk.size", "64",
                    "service", "gateway", "arena", "orders").functionCounters().size());
            assertEquals("chunks", registry.get(ArenaMetrics.IN_USE).tag("pool", "0").gauge().getId().getBaseUnit());
            assertEquals("requests", registry.get(ArenaMetrics.EXHAUSTIONS).tag("pool", "1").functionCounter().getId()
                    .getBaseUnit());
        }
    }

    @Test
    void closedArenaReadsNaNAndTheCounterKeepsItsLastValue() {
        MeterRegistry registry = new SimpleMeterRegistry();
        SlabAllocator arena = SlabArenas.local(1, 64);
        new ArenaMetrics(arena, "orders", Tags.empty()).bindTo(registry);
        arena.tryAllocateOffset(64);
        arena.tryAllocateOffset(64);
        assertEquals(1, exhaustions(registry, 0));
        assertEquals(0, gauge(registry, ArenaMetrics.FREE, 0));

        arena.close();

        assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.FREE, 0)), "read again after the close: no snapshot");
        assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.CORRUPT, 0)), "unknown, not healthy");
        assertEquals(1, exhaustions(registry, 0));
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> new ArenaMetrics(arena, "orders", Tags.empty()).bindTo(new SimpleMeterRegistry()));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void theMetersHoldTheArenaWeakly() throws InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        SlabAllocator arena = SlabArenas.local(4, 64);
        new ArenaMetrics(arena, "orders", Tags.empty()).bindTo(registry);
        assertEquals(4, gauge(registry, ArenaMetrics.FREE, 0));
        arena.close();
        WeakReference<SlabAllocator> collected = new WeakReference<>(arena);
        arena = null;
        for (int i = 0; i < 100 && collected.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(collected.get(), "the registry's meters keep a dropped arena reachable");
        assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.FREE, 0)));
        assertEquals(0, registry.get(ArenaMetrics.EXHAUSTIONS).functionCounter().count());
    }

    @Test
    void aConfinedArenaIsRefusedSayingWhatToDoInstead() {
        for (SlabAllocator arena : List.of(SlabArenas.confined(4, 64), SlabArenas.checked(SlabArenas.confined(4, 64)))) {
            try (arena) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new ArenaMetrics(arena, "core-3", Tags.empty()));
                assertTrue(e.getMessage().startsWith(arena + " is confined to the thread that created it"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("bind a shared arena"), e.getMessage());
                assertTrue(e.getMessage().contains("ArenaMetrics.published(arena.stats(), \"core-3\", tags)"),
                        e.getMessage());
            }
        }
    }

    @Test
    void aScrapeOfEveryMeterWalksTheArenaOnce() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (CountingArena arena = new CountingArena(SlabArenas.local(16, 16, 32, 64, 128, 256, 512, 1024, 2048))) {
            new ArenaMetrics(arena, "orders", Tags.empty()).bindTo(registry);
            assertEquals(40, registry.getMeters().size()); // 8 pools x 5 meters
            int atBind = arena.walks();

            List<Double> first = scrape(registry);
            assertEquals(atBind + 1, arena.walks(), "one scrape of 40 meters, one stats()");
            assertEquals(40, first.size());

            arena.allocateOffset(16);
            List<Double> second = scrape(registry);
            assertEquals(atBind + 2, arena.walks(), "the next scrape takes a new snapshot");
            assertEquals(15.0, gauge(registry, ArenaMetrics.FREE, 0), "and sees the allocation");
            assertNotEquals(first, second);
        }
    }

    @Test
    void aMeterNotReadYetSharesTheSnapshotForAtMostTheMaxAge() {
        MeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong now = new AtomicLong(1_000);
        long maxAge = ArenaMetrics.SNAPSHOT_MAX_AGE.toNanos();
        try (CountingArena arena = new CountingArena(SlabArenas.local(4, 64))) {
            new ArenaMetrics(arena, "orders", Tags.empty(), now::get).bindTo(registry);
            int atBind = arena.walks();
            assertEquals(4, gauge(registry, ArenaMetrics.FREE, 0));
            arena.allocateOffset(64);
            now.addAndGet(maxAge - 1);
            assertEquals(0, gauge(registry, ArenaMetrics.IN_USE, 0), "shared: taken before the allocation");
            assertEquals(atBind + 1, arena.walks());
            now.addAndGet(1);
            assertEquals(4, gauge(registry, ArenaMetrics.CAPACITY, 0));
            assertEquals(atBind + 2, arena.walks(), "a snapshot of the max age is not shared");
            assertEquals(1, gauge(registry, ArenaMetrics.IN_USE, 0), "the new one is");
            assertEquals(atBind + 2, arena.walks());
        }
    }

    @Test
    void readingsNeverThrowIntoTheRegistryAndRecoverWhenTheArenaDoes() {
        MeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong queue = registry.gauge("application.queue", new AtomicLong(7));
        try (CountingArena arena = new CountingArena(SlabArenas.local(2, 64))) {
            new ArenaMetrics(arena, "orders", Tags.empty()).bindTo(registry);
            arena.tryAllocateOffset(64);
            arena.tryAllocateOffset(64);
            arena.tryAllocateOffset(64); // one exhaustion
            assertEquals(1, exhaustions(registry, 0));

            arena.failWith(new WrongThreadException("read on the registry's thread"));
            List<Double> values = assertDoesNotThrow(() -> scrape(registry));
            assertEquals(queue.get(), registry.get("application.queue").gauge().value(), "the application's metric");
            assertEquals(6, values.size());
            assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.FREE, 0)));
            assertEquals(1, exhaustions(registry, 0), "the counter keeps its last value");

            arena.failWith(null);
            assertEquals(0, gauge(registry, ArenaMetrics.FREE, 0), "read again once the arena answers");
            assertEquals(2, gauge(registry, ArenaMetrics.IN_USE, 0));
        }
    }

    @Test
    void aCorruptPoolReadsNaNFreeAndInUseAndOneCorruptWithoutFailingTheScrape() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SlabAllocator arena = SlabArenas.local(2, 64, 256)) {
            new ArenaMetrics(arena, "orders", Tags.empty()).bindTo(registry);
            long a = arena.allocateOffset(64);
            arena.allocateOffset(256);
            arena.tryAllocateOffset(64);
            arena.tryAllocateOffset(64); // pool 0 exhausted once
            arena.deallocateOffset(a);
            arena.deallocateOffset(a); // a double free, unchecked: pool 0's list is a cycle now

            assertDoesNotThrow(() -> scrape(registry));
            assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.FREE, 0)));
            assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.IN_USE, 0)));
            assertEquals(1, gauge(registry, ArenaMetrics.CORRUPT, 0));
            assertEquals(2, gauge(registry, ArenaMetrics.CAPACITY, 0));
            assertEquals(1, exhaustions(registry, 0));
            assertEquals(0, gauge(registry, ArenaMetrics.CORRUPT, 1));
            assertEquals(1, gauge(registry, ArenaMetrics.FREE, 1), "the sound pool reads as before");
        }
    }

    @Test
    void unbindRemovesExactlyItsMetersSoARecreatedArenaCanBeBoundUnderTheSameTags() {
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.counter("application.requests");
        SlabAllocator first = SlabArenas.local(4, 64);
        ArenaMetrics firstMetrics = new ArenaMetrics(first, "orders", Tags.empty());
        firstMetrics.bindTo(registry);
        first.close();
        assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.FREE, 0)));

        try (SlabAllocator second = SlabArenas.local(4, 64)) {
            second.allocateOffset(64);
            ArenaMetrics secondMetrics = new ArenaMetrics(second, "orders", Tags.empty());
            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                    () -> secondMetrics.bindTo(registry));
            assertTrue(taken.getMessage().startsWith("meter " + ArenaMetrics.FREE + " [tag(arena=orders)"),
                    taken.getMessage());
            assertTrue(taken.getMessage().contains("unbind it first"), taken.getMessage());
            assertEquals(6, registry.getMeters().size(), "the refused binding left nothing behind");

            firstMetrics.unbind(registry);
            assertEquals(1, registry.getMeters().size(), "only the application's own meter is left");
            firstMetrics.unbind(registry); // not bound any more: nothing happens

            secondMetrics.bindTo(registry);
            assertEquals(3, gauge(registry, ArenaMetrics.FREE, 0), "real values, not NaN");
            assertEquals(1, gauge(registry, ArenaMetrics.IN_USE, 0));
            assertEquals(6, registry.getMeters().size());
        }
    }

    @Test
    void closeUnbindsFromEveryRegistryAndBindingTwiceToOneDoesNothing() {
        MeterRegistry one = new SimpleMeterRegistry();
        MeterRegistry two = new SimpleMeterRegistry();
        try (SlabAllocator arena = SlabArenas.local(4, 64, 256)) {
            ArenaMetrics metrics = new ArenaMetrics(arena, "orders", Tags.empty());
            metrics.bindTo(one);
            metrics.bindTo(one);
            metrics.bindTo(two);
            assertEquals(10, one.getMeters().size());
            assertEquals(10, two.getMeters().size());

            metrics.close();
            assertEquals(0, one.getMeters().size());
            assertEquals(0, two.getMeters().size());
            assertEquals(8, arena.stats().free(), "closing the meters leaves the arena open");

            metrics.bindTo(one);
            assertEquals(4, gauge(one, ArenaMetrics.FREE, 1), "bound again after close");
            metrics.close();
        }
    }

    @Test
    void aConfinedArenasOwnerPublishesSnapshotsThatRegistryThreadsRead() throws InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SlabAllocator arena = SlabArenas.confined(4, 64, 256)) {
            ArenaMetrics metrics = ArenaMetrics.published(arena.stats(), "orders", Tags.empty());
            metrics.bindTo(registry);
            arena.allocateOffset(64);
            arena.allocateOffset(64);
            assertEquals(4, readOnAnotherThread(() -> gauge(registry, ArenaMetrics.FREE, 0)), "the first snapshot");

            metrics.publish(arena.stats());
            assertEquals(2, readOnAnotherThread(() -> gauge(registry, ArenaMetrics.FREE, 0)));
            assertEquals(2, readOnAnotherThread(() -> gauge(registry, ArenaMetrics.IN_USE, 0)));
            assertEquals(0, readOnAnotherThread(() -> exhaustions(registry, 0)));
            assertEquals(0, readOnAnotherThread(() -> gauge(registry, ArenaMetrics.CORRUPT, 1)));

            try (SlabAllocator other = SlabArenas.local(8, 64, 256)) {
                ArenaStats wrong = other.stats();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metrics.publish(wrong));
                assertTrue(e.getMessage().contains("has pools [64 B x 8, 256 B x 8], the first one published "
                        + "[64 B x 4, 256 B x 4]"), e.getMessage());
            }
            assertEquals(2, gauge(registry, ArenaMetrics.FREE, 0), "a refused snapshot changes nothing");
            metrics.close();
            assertEquals(0, registry.getMeters().size());
        }
    }

    @Test
    void metersThatReadTheirArenaRefuseAPublishedSnapshot() {
        try (SlabAllocator arena = SlabArenas.local(4, 64)) {
            ArenaMetrics metrics = new ArenaMetrics(arena, "orders", Tags.empty());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> metrics.publish(arena.stats()));
            assertTrue(e.getMessage().contains("publish() is for meters made with ArenaMetrics.published"),
                    e.getMessage());
        }
    }

    private static double readOnAnotherThread(DoubleSupplier read) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().name("registry").start(() -> {
            try {
                result.set(read.getAsDouble());
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        reader.join();
        if (result.get() instanceof RuntimeException e) {
            throw e;
        }
        return (Double) result.get();
    }
}

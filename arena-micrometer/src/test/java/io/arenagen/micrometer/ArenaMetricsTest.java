package io.arenagen.micrometer;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ArenaMetrics} against a {@link SimpleMeterRegistry}: the meters follow real allocations. */
class ArenaMetricsTest {

    private static double gauge(MeterRegistry registry, String meter, int pool) {
        return registry.get(meter).tag("arena", "orders").tag("pool", Integer.toString(pool)).gauge().value();
    }

    private static double exhaustions(MeterRegistry registry, int pool) {
        return registry.get(ArenaMetrics.EXHAUSTIONS).tag("pool", Integer.toString(pool)).functionCounter().count();
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

            assertEquals(8, registry.getMeters().size()); // 2 pools x (3 gauges + 1 counter)
            assertEquals(4, registry.get(ArenaMetrics.CAPACITY).tags("pool", "1", "chunk.size", "256",
                    "service", "gateway", "arena", "orders").gauge().value());
            assertEquals(1, registry.find(ArenaMetrics.EXHAUSTIONS).tags("pool", "0", "chunk.size", "64",
                    "service", "gateway", "arena", "orders").functionCounters().size());
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

        arena.close();

        assertTrue(Double.isNaN(gauge(registry, ArenaMetrics.FREE, 0)));
        assertEquals(1, exhaustions(registry, 0));
    }
}

package io.arenagen.examples.guide;

import io.arenagen.micrometer.ArenaMetrics;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.PrintStream;

/**
 * The Micrometer code of docs/metrics.md, compiled and run (ExamplesTest): a shared arena's meters, bound and
 * removed again, and a confined arena whose owner thread publishes its snapshots.
 */
public final class MetricsGuide {

    private MetricsGuide() {
    }

    /** Binds, reads and removes the meters of a shared arena and of a confined one, printing what they read. */
    public static void run(PrintStream out) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (OrderArena arena = new OrderArenaImpl()) {
            arena.allocateOffset(64);
            shared(out, arena, registry);
        }
        try (SlabAllocator arena = SlabArenas.confined(16, 64)) {
            confined(out, arena, registry);
        }
    }

    private static void shared(PrintStream out, SlabAllocator arena, MeterRegistry registry) {
        ArenaMetrics metrics = new ArenaMetrics(arena, "feed", Tags.empty());
        metrics.bindTo(registry);
        out.println("  feed pool 0 in use: " + registry.get(ArenaMetrics.IN_USE).tag("arena", "feed")
                .tag("pool", "0").gauge().value());
        // ... at shutdown, or before re-creating the arena:
        metrics.close();   // removes exactly these meters; the arena stays open
        out.println("  feed meters after close: " + registry.find(ArenaMetrics.IN_USE).tag("arena", "feed").meters()
                .size());
    }

    private static void confined(PrintStream out, SlabAllocator arena, MeterRegistry registry) {
        ArenaMetrics metrics = ArenaMetrics.published(arena.stats(), "core-3", Tags.empty()); // on the owner thread
        metrics.bindTo(registry);
        arena.allocateOffset(64);
        // in the owner's loop, at least once per scrape interval:
        metrics.publish(arena.stats());
        out.println("  core-3 pool 0 in use: " + registry.get(ArenaMetrics.IN_USE).tag("arena", "core-3")
                .gauge().value());
        metrics.close();
    }
}

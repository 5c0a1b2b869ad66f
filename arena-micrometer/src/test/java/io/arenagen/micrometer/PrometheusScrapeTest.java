package io.arenagen.micrometer;

import io.arenagen.runtime.SlabArenas;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ArenaMetrics} under Micrometer's real Prometheus registry, which we did not write: the names a
 * dashboard or alert uses, and one {@code stats()} walk for a whole scrape.
 */
@Timeout(60)
class PrometheusScrapeTest {

    @Test
    void aScrapeExposesThePrometheusNamesAndWalksTheArenaOnce() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (CountingArena arena = new CountingArena(SlabArenas.local(4, 64, 256));
             ArenaMetrics metrics = new ArenaMetrics(arena, "orders", Tags.of("service", "gateway"))) {
            metrics.bindTo(registry);
            arena.allocateOffset(64);
            arena.tryAllocateOffset(256);
            for (int i = 0; i < 4; i++) {
                arena.tryAllocateOffset(256);
            }
            int atBind = arena.walks();

            String scrape = registry.scrape();

            assertEquals(atBind + 1, arena.walks(), "one scrape of 10 meters, one stats():\n" + scrape);
            String pool0 = "{arena=\"orders\",chunk_size=\"64\",pool=\"0\",service=\"gateway\"}";
            String pool1 = "{arena=\"orders\",chunk_size=\"256\",pool=\"1\",service=\"gateway\"}";
            for (String sample : new String[] {
                "arenagen_pool_free_chunks" + pool0 + " 3.0",
                "arenagen_pool_in_use_chunks" + pool0 + " 1.0",
                "arenagen_pool_capacity_chunks" + pool0 + " 4.0",
                "arenagen_pool_corrupt" + pool0 + " 0.0",
                "arenagen_pool_exhaustions_requests_total" + pool0 + " 0.0",
                "arenagen_pool_in_use_chunks" + pool1 + " 4.0",
                "arenagen_pool_exhaustions_requests_total" + pool1 + " 1.0"}) {
                assertTrue(scrape.contains(sample + "\n"), sample + " missing from:\n" + scrape);
            }
            registry.scrape();
            assertEquals(atBind + 2, arena.walks(), "the next scrape, the next snapshot");
        }
        assertTrue(registry.getMeters().isEmpty(), "close() removed the meters");
    }
}

package io.arenagen.injection.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.injection.ArenaChecks;
import io.arenagen.runtime.SharedMemory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot 4 with Actuator and the Prometheus registry, started as a real application on a random local port:
 * the arena is injected, its meters are on /actuator/prometheus under their Prometheus names, closing the context
 * closes it, chunks held at shutdown are still held at the next start, and start-clean / unlink-on-close do what
 * the docs say.
 */
class SpringBootActuatorTest {

    private final String name = "/arenagen-injection-tests-boot-" + ProcessHandle.current().pid();

    @AfterEach
    void unlink() {
        SharedMemory.unlink(name);
    }

    private ConfigurableApplicationContext start(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--feed.arena.name=" + name;
        System.arraycopy(extra, 0, args, 2, extra.length);
        return SpringApplication.run(FeedApplication.class, args);
    }

    private static String scrape(ConfigurableApplicationContext context) throws IOException, InterruptedException {
        String port = context.getEnvironment().getProperty("local.server.port");
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        }
    }

    @Test
    void metersOnThePrometheusEndpointAndTheArenaClosedWithTheContext() throws Exception {
        BootFeedArena arena;
        try (ConfigurableApplicationContext context = start()) {
            arena = context.getBean(BootFeedArena.class);
            assertSame(BootFeedArenaImpl.class, arena.getClass());
            ArenaChecks.allocatesAndFrees(arena);
            for (int i = 0; i < 3; i++) {
                arena.allocateOffset(64);
            }
            assertEquals(-1, arena.tryAllocateOffset(1024), "no pool serves 1024 B");
            String metrics = scrape(context);
            assertTrue(metrics.contains(
                    "arenagen_pool_in_use_chunks{arena=\"feed\",chunk_size=\"64\",pool=\"0\"} 3.0"), metrics);
            assertTrue(metrics.contains(
                    "arenagen_pool_free_chunks{arena=\"feed\",chunk_size=\"64\",pool=\"0\"} 13.0"), metrics);
            assertTrue(metrics.contains(
                    "arenagen_pool_capacity_chunks{arena=\"feed\",chunk_size=\"256\",pool=\"1\"} 16.0"), metrics);
            assertTrue(metrics.contains(
                    "arenagen_pool_exhaustions_requests_total{arena=\"feed\",chunk_size=\"64\",pool=\"0\"} 0.0"),
                    metrics);
        }
        ArenaChecks.isClosed(arena);
        assertTrue(Files.exists(shmPath()), "closing unmaps; the object stays");
    }

    @Test
    void chunksHeldAtShutdownAreHeldAtTheNextStartUnlessItStartsClean() {
        try (ConfigurableApplicationContext context = start()) {
            BootFeedArena arena = context.getBean(BootFeedArena.class);
            for (int i = 0; i < 5; i++) {
                arena.allocateOffset(64);
            }
        }
        try (ConfigurableApplicationContext context = start()) {
            assertEquals(5, context.getBean(BootFeedArena.class).stats().inUse(), "inherited from the last run");
        }
        try (ConfigurableApplicationContext context = start("--feed.arena.start-clean=true",
                "--feed.arena.unlink-on-close=true")) {
            assertEquals(0, context.getBean(BootFeedArena.class).stats().inUse(), "a fresh object");
            assertTrue(Files.exists(shmPath()));
        }
        assertFalse(Files.exists(shmPath()), "unlinked when the context closed");
    }

    private Path shmPath() {
        return Path.of("/dev/shm", name.substring(1));
    }
}

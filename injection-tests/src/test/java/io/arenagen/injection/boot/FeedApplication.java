package io.arenagen.injection.boot;

import io.arenagen.micrometer.ArenaMetrics;
import io.arenagen.runtime.SharedMemory;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot service with a shared arena: the object's name is the property {@code feed.arena.name}, its
 * meters go to every registry Boot configures (Prometheus here), and Boot closes it when the context closes.
 */
@SpringBootApplication
public class FeedApplication {

    /** Runs the service. */
    public static void main(String[] args) {
        SpringApplication.run(FeedApplication.class, args);
    }

    /**
     * The arena, opened (created, or attached if it exists) under the configured name. Spring closes it with the
     * context: a {@code @Bean} whose type has a public {@code close()} gets it as its inferred destroy method.
     */
    @Bean
    BootFeedArena feedArena(@Value("${feed.arena.name}") String name,
                            @Value("${feed.arena.start-clean:false}") boolean startClean) {
        if (startClean) {
            // Only where no other process can be using the object: chunks it still holds are forgotten.
            SharedMemory.unlink(name);
        }
        return new BootFeedArenaImpl(name);
    }

    /** The arena's meters: Boot binds every MeterBinder bean to its registries. */
    @Bean
    MeterBinder feedArenaMetrics(BootFeedArena arena) {
        return new ArenaMetrics(arena, "feed", Tags.empty());
    }

    /** Removes the object's name when the context closes, for a service that is the object's only user. */
    @Bean
    @ConditionalOnProperty("feed.arena.unlink-on-close")
    DisposableBean unlinkFeedArena(@Value("${feed.arena.name}") String name) {
        return () -> SharedMemory.unlink(name);
    }
}

package io.arenagen.injection.spring;

import org.springframework.stereotype.Service;

/** A service that asks for the arena by its interface (constructor injection, no annotation needed). */
@Service
public class FeedService {

    final SpringFeedArena arena;

    FeedService(SpringFeedArena arena) {
        this.arena = arena;
    }
}

package io.arenagen.injection.dagger;

import jakarta.inject.Inject;

/** A service that asks for the arena by its interface. */
public final class QuoteBook {

    final DaggerFeedArena arena;

    @Inject
    QuoteBook(DaggerFeedArena arena) {
        this.arena = arena;
    }
}

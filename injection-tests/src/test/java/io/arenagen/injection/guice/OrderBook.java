package io.arenagen.injection.guice;

import jakarta.inject.Inject;

/** A service that asks for the arena by its interface. */
public final class OrderBook {

    final GuiceOrderArena arena;

    @Inject
    OrderBook(GuiceOrderArena arena) {
        this.arena = arena;
    }
}

package io.arenagen.injection.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A service that asks for the arena by its interface. */
@ApplicationScoped
public class OrderService {

    private CdiOrderArena arena;

    /** For CDI's client proxy. */
    protected OrderService() {
    }

    @Inject
    OrderService(CdiOrderArena arena) {
        this.arena = arena;
    }

    /** The arena it was given. */
    public CdiOrderArena arena() {
        return arena;
    }
}

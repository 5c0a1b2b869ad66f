/**
 * The {@link io.arenagen.Arena} annotation that declares a slab arena, and its {@link io.arenagen.Backend}.
 * Needed at compile time only: the annotation has {@code CLASS} retention, so a user module may
 * declare {@code requires static io.arenagen;}.
 */
module io.arenagen {
    exports io.arenagen;
}

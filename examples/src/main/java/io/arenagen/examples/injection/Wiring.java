package io.arenagen.examples.injection;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The composition root: the one place that knows which class implements which interface. A DI
 * container (Dagger, Guice, Spring) would hold the same binding,
 * {@code MarketDataArena -> MarketDataArenaImpl}; here it is a map of suppliers.
 */
public final class Wiring {

    private static final Map<Class<?>, Supplier<?>> BINDINGS = Map.of(MarketDataArena.class, MarketDataArenaImpl::new);

    private Wiring() {
    }

    /** A new instance of what {@code type} is bound to. */
    static <T> T provide(Class<T> type) {
        Supplier<?> supplier = BINDINGS.get(type);
        if (supplier == null) {
            throw new IllegalArgumentException("no binding for " + type.getName());
        }
        return type.cast(supplier.get());
    }

    /** Wires a {@link QuoteRecorder} to the generated arena and uses it. */
    public static void run(PrintStream out) {
        try (MarketDataArena arena = provide(MarketDataArena.class)) {
            QuoteRecorder recorder = new QuoteRecorder(arena);
            long offset = recorder.record(10_125, 300);
            long notional = recorder.notional(offset);
            out.printf("  %s -> %s; quote at offset %d, notional %d; 16 B fits a small chunk: %b%n",
                    MarketDataArena.class.getSimpleName(), arena.getClass().getSimpleName(), offset, notional,
                    arena.fitsInSmallChunk(16));
            if (notional != 10_125L * 300) {
                throw new IllegalStateException("notional " + notional);
            }
            recorder.forget(offset);
        }
    }
}

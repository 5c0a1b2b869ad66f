package io.arenagen.examples.injection;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A service that receives its arena through its constructor, typed by the interface: it can be
 * given the generated arena in production and any other {@code MarketDataArena} in a test.
 */
public final class QuoteRecorder {

    private final MarketDataArena arena;

    /** @param arena where quotes are stored; the caller owns and closes it */
    public QuoteRecorder(MarketDataArena arena) {
        this.arena = Objects.requireNonNull(arena, "arena");
    }

    /** Stores a quote (price in ticks, quantity) in a chunk and returns the chunk's offset. */
    public long record(long priceTicks, long quantity) {
        MemorySegment chunk = arena.allocate(2 * Long.BYTES);
        if (chunk == null) {
            throw new IllegalStateException("quote arena exhausted");
        }
        chunk.set(ValueLayout.JAVA_LONG, 0, priceTicks);
        chunk.set(ValueLayout.JAVA_LONG, Long.BYTES, quantity);
        return chunk.address() - arena.memory().address();
    }

    /** Notional of the quote at {@code offset}: price × quantity. */
    public long notional(long offset) {
        MemorySegment memory = arena.memory();
        return memory.get(ValueLayout.JAVA_LONG, offset) * memory.get(ValueLayout.JAVA_LONG, offset + Long.BYTES);
    }

    /** Frees the quote at {@code offset}. */
    public void forget(long offset) {
        arena.deallocateOffset(offset);
    }
}

package io.arenagen.examples.quickstart;

import io.arenagen.runtime.ArenaException;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;

/**
 * The allocator documentation's complete example: bind and lock the arena's memory, place a
 * {@link Sample} in a 64-byte chunk, write it, read it back, free the chunk.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** Runs the example, printing to {@code out}; throws if anything reads back wrong. */
    public static void run(PrintStream out) {
        try (SampleArena arena = new SampleArenaImpl()) {
            // Keep the pools on NUMA node 0 and in RAM. Both are optional; where the host forbids them
            // the arena still works, so the example reports and goes on.
            try {
                arena.mbind(0);
                arena.mlock();
            } catch (ArenaException e) {
                out.println("  (mbind/mlock not permitted here: " + e.getMessage() + ")");
            }

            MemorySegment chunk = arena.allocate(Sample.LAYOUT.byteSize());
            if (chunk == null) {
                throw new IllegalStateException("a fresh arena has no free 64-byte chunk");
            }
            Sample.write(chunk, 42, 3.14f);
            int id = Sample.id(chunk);
            float value = Sample.value(chunk);
            out.printf("  sample {id=%d, value=%.2f} at offset %d of a %d-byte arena%n",
                    id, value, chunk.address() - arena.memory().address(), SampleArenaImpl.TOTAL_SIZE);
            if (id != 42 || value != 3.14f) {
                throw new IllegalStateException("read back id=" + id + ", value=" + value);
            }
            arena.deallocate(chunk);
        }
    }
}

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

            long offset = arena.allocateSample();
            if (offset < 0) {
                throw new IllegalStateException("a fresh arena has no free 64-byte chunk");
            }
            MemorySegment memory = arena.memory();
            SampleStruct.write(memory, offset, new Sample(42, 3.14f));
            int id = SampleStruct.getId(memory, offset);         // field by field, allocating nothing
            float value = SampleStruct.getValue(memory, offset);
            out.printf("  sample {id=%d, value=%.2f} (%d bytes) at offset %d of a %d-byte arena%n",
                    id, value, SampleStruct.BYTES, offset, SampleArenaImpl.TOTAL_SIZE);
            if (!SampleStruct.read(memory, offset).equals(new Sample(42, 3.14f))) {
                throw new IllegalStateException("read back " + SampleStruct.read(memory, offset));
            }
            arena.deallocateOffset(offset);
        }
    }
}

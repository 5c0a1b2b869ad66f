package io.arenagen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.arenagen.runtime.SlabAllocator;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Drives two arenas of the same configuration through the same pseudo-random sequence of calls,
 * offset and segment API mixed, and fails at the first call whose result differs. Sizes cover every
 * pool, zero, exact chunk sizes and sizes no pool serves, so promotion and exhaustion are exercised.
 */
final class Lockstep {

    private final SlabAllocator expected;
    private final SlabAllocator actual;
    private final long[] sizes;
    private final List<Long> held = new ArrayList<>();

    Lockstep(SlabAllocator expected, SlabAllocator actual, long... sizes) {
        this.expected = expected;
        this.actual = actual;
        this.sizes = sizes.clone();
    }

    /** Runs {@code steps} calls with a fixed seed; returns how many allocations succeeded (so a test can see it did work). */
    int run(long seed, int steps) {
        Random random = new Random(seed);
        int served = 0;
        for (int step = 0; step < steps; step++) {
            String where = "step " + step + " (seed " + seed + ")";
            int operation = random.nextInt(10);
            if (operation < 3 && !held.isEmpty()) {
                long offset = held.remove(random.nextInt(held.size()));
                expected.deallocateOffset(offset);
                actual.deallocateOffset(offset);
            } else if (operation == 3 && !held.isEmpty()) {
                long offset = held.remove(random.nextInt(held.size()));
                expected.deallocate(expected.memory().asSlice(offset, 1));
                actual.deallocate(actual.memory().asSlice(offset, 1));
            } else if (operation == 4) {
                long foreign = random.nextBoolean() ? random.nextInt(128) : -1 - random.nextInt(1000);
                expected.deallocateOffset(foreign);
                actual.deallocateOffset(foreign);
            } else {
                long size = size(random);
                long offset;
                switch (operation) {
                    case 5, 6 -> {
                        offset = expected.tryAllocateOffset(size);
                        assertEquals(offset, actual.tryAllocateOffset(size), where + ": tryAllocateOffset(" + size + ")");
                    }
                    case 7 -> {
                        offset = offsetOf(expected, expected.allocate(size));
                        assertEquals(offset, offsetOf(actual, actual.allocate(size)), where + ": allocate(" + size + ")");
                    }
                    default -> {
                        offset = expected.allocateOffset(size);
                        assertEquals(offset, actual.allocateOffset(size), where + ": allocateOffset(" + size + ")");
                    }
                }
                if (offset >= 0) {
                    held.add(offset);
                    served++;
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> expected.allocateOffset(-1));
        assertThrows(IllegalArgumentException.class, () -> actual.allocateOffset(-1));
        assertThrows(IllegalArgumentException.class, () -> actual.tryAllocate(-5));
        return served;
    }

    private long size(Random random) {
        long largest = sizes[sizes.length - 1];
        return switch (random.nextInt(4)) {
            case 0 -> sizes[random.nextInt(sizes.length)];
            case 1 -> 0;
            case 2 -> largest + 1 + random.nextInt(64);
            default -> random.nextLong(largest + 1);
        };
    }

    private static long offsetOf(SlabAllocator arena, MemorySegment segment) {
        return segment == null ? -1 : segment.address() - arena.memory().address();
    }
}

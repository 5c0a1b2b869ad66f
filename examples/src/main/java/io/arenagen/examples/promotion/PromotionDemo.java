package io.arenagen.examples.promotion;

import io.arenagen.runtime.PoolStats;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code allocate} promotes a request to the next larger pool when the fitting one is exhausted;
 * {@code tryAllocate} does not. Prints which pool served each 48-byte request, then the arena's
 * statistics: how often each pool was found empty.
 */
public final class PromotionDemo {

    private PromotionDemo() {
    }

    /** Runs the demo, printing to {@code out}; throws if the pools do not behave as documented. */
    public static void run(PrintStream out) {
        try (TieredArena arena = new TieredArenaImpl()) {
            List<String> servedBy = new ArrayList<>();
            for (int request = 0; request < 7; request++) {
                long offset = arena.allocateOffset(48);
                servedBy.add(poolOf(offset));
                out.printf("  allocate(48)    #%d -> %s%n", request + 1, poolOf(offset));
            }
            expect(servedBy, List.of("pool 0 (64 B)", "pool 0 (64 B)", "pool 1 (256 B)", "pool 1 (256 B)",
                    "pool 2 (1024 B)", "pool 2 (1024 B)", "none"));

            arena.deallocateOffset(TieredArenaImpl.POOL_1_CHUNKS); // give one 256-byte chunk back
            String tried = poolOf(arena.tryAllocateOffset(48));
            String promoted = poolOf(arena.allocateOffset(48));
            out.printf("  tryAllocate(48)    -> %s (pool 0 is exhausted and tryAllocate never promotes)%n", tried);
            out.printf("  allocate(48)       -> %s (promoted to the chunk just freed)%n", promoted);
            expect(List.of(tried, promoted), List.of("none", "pool 1 (256 B)"));

            List<String> exhaustions = new ArrayList<>();
            for (PoolStats pool : arena.stats().pools()) {
                out.printf("  pool %d (%d B): %d of %d in use, found empty %d time(s)%n", pool.pool(), pool.chunkSize(),
                        pool.inUse(), pool.capacity(), pool.exhaustions());
                exhaustions.add(pool.pool() + ":" + pool.exhaustions());
            }
            // pool 0 was found empty by requests 3..7, the tryAllocate and the last allocate; pool 1 by 5..7
            expect(exhaustions, List.of("0:7", "1:3", "2:1"));
        }
    }

    private static String poolOf(long offset) {
        if (offset < 0) {
            return "none";
        } else if (offset < TieredArenaImpl.POOL_0_END) {
            return "pool 0 (" + TieredArenaImpl.POOL_0_CHUNK_SIZE + " B)";
        } else if (offset < TieredArenaImpl.POOL_1_END) {
            return "pool 1 (" + TieredArenaImpl.POOL_1_CHUNK_SIZE + " B)";
        }
        return "pool 2 (" + TieredArenaImpl.POOL_2_CHUNK_SIZE + " B)";
    }

    private static void expect(List<String> actual, List<String> expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("pools served " + actual + ", expected " + expected);
        }
    }
}

package io.arenagen.benchmarks;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

/**
 * The second process of {@link TwoProcessBenchmark}: attaches to the shared arena named by its first
 * argument (the 3-pool configuration) and does allocate + deallocate pairs of 64 bytes, the same as
 * the measured process, until its standard input reaches end of file, which happens when the parent
 * closes it or dies. Prints {@code ready} once attached and {@code pairs <n>} when it stops.
 *
 * <p>Arguments: {@code <shm name> <generated|runtime>}; the second names the kind of arena, so both
 * processes run the same code.
 */
public final class ShmHammer {

    /** Stops on its own after this long even if nobody closes its input. */
    private static final long MAX_NANOS = 30L * 60 * 1_000_000_000L;

    private ShmHammer() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ShmHammer <shm name> <generated|runtime>");
        }
        InputWatch input = InputWatch.start();
        try (SlabAllocator arena = attach(args[0], args[1])) {
            System.out.println("ready");
            System.out.flush();
            long pairs = 0;
            long deadline = System.nanoTime() + MAX_NANOS;
            while (!input.ended() && System.nanoTime() < deadline) {
                for (int i = 0; i < 1024; i++) {
                    arena.deallocateOffset(arena.allocateOffset(64));
                }
                pairs += 1024;
            }
            System.out.println("pairs " + pairs);
        }
    }

    static SlabAllocator attach(String name, String kind) {
        return switch (kind) {
            case "generated" -> new BenchShared3Impl(name);
            case "runtime" -> SlabArenas.shared(name, Requests.COUNT, Requests.SIZES_3);
            default -> throw new IllegalArgumentException("arena kind " + kind + " is unknown; use generated or runtime");
        };
    }
}

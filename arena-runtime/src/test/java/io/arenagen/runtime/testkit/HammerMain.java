package io.arenagen.runtime.testkit;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The child process of the cross-process tests: opens the shared arena {@code name} with
 * {@code count} chunks of each of {@code sizes}, prints {@code ready}, waits for a line on stdin (so
 * that all processes start together; see {@link #go}), runs {@code threads} {@link Hammer}s and
 * prints their summed {@link HammerReport} line. An attempt budget of {@code -1} means "until
 * killed"; a positive {@code seconds} runs for that long instead of a budget (soak). Exit status 0
 * for a clean run, 1 for double hand-outs or corruption, 2 for an exception, 3 if stdin closed
 * before the start.
 *
 * <p>Arguments: {@code name count sizes(comma-separated) threads maxRequest maxHeld attemptsPerThread seconds
 * [chunksPerPool [reclamation]]}; with {@code chunksPerPool > 0}, the first {@code (threads + 1) / 2} threads hammer
 * through a {@link io.arenagen.runtime.ThreadCache} of that cap ({@link CachedHammers}); with {@code reclamation}
 * the arena is opened with {@link ShmOptions#withReclamation()} and the hammers take over dead processes' stamps
 * ({@link Hammer#overDead()}).
 */
public final class HammerMain {

    private HammerMain() {
    }

    /** Starts a child hammering the arena {@code name} of {@code layout}; wait for it with {@link #go}. */
    public static ChildJvm start(String name, ArenaLayout layout, int threads, long maxRequest, int maxHeld,
                                 long attemptsPerThread, long seconds) {
        String sizes = Arrays.stream(layout.sizes()).mapToObj(Long::toString).collect(Collectors.joining(","));
        return ChildJvm.start(HammerMain.class, name, Long.toString(layout.count()), sizes, Integer.toString(threads),
                Long.toString(maxRequest), Integer.toString(maxHeld), Long.toString(attemptsPerThread),
                Long.toString(seconds));
    }

    /** Like {@link #start}, the first {@code (threads + 1) / 2} threads through caches of {@code chunksPerPool}. */
    public static ChildJvm startCached(String name, ArenaLayout layout, int threads, long maxRequest, int maxHeld,
                                       long attemptsPerThread, int chunksPerPool) {
        String sizes = Arrays.stream(layout.sizes()).mapToObj(Long::toString).collect(Collectors.joining(","));
        return ChildJvm.start(HammerMain.class, name, Long.toString(layout.count()), sizes, Integer.toString(threads),
                Long.toString(maxRequest), Integer.toString(maxHeld), Long.toString(attemptsPerThread), "0",
                Integer.toString(chunksPerPool));
    }

    /** Like {@link #startCached}, on an arena opened with reclamation (any {@code chunksPerPool}, 0 for none). */
    public static ChildJvm startReclaiming(String name, ArenaLayout layout, int threads, long maxRequest, int maxHeld,
                                           int chunksPerPool) {
        String sizes = Arrays.stream(layout.sizes()).mapToObj(Long::toString).collect(Collectors.joining(","));
        return ChildJvm.start(HammerMain.class, name, Long.toString(layout.count()), sizes, Integer.toString(threads),
                Long.toString(maxRequest), Integer.toString(maxHeld), "-1", "0", Integer.toString(chunksPerPool),
                "reclamation");
    }

    /** Waits until every child has attached and printed {@code ready}, then lets them all start at once. */
    public static void go(List<ChildJvm> children, Duration startTimeout) throws InterruptedException {
        for (ChildJvm child : children) {
            child.awaitLine("ready", startTimeout);
        }
        for (ChildJvm child : children) {
            child.send("go");
        }
    }

    /** Waits for a child's report and its exit; fails the test unless it exited 0 (a clean run). */
    public static HammerReport report(ChildJvm child, Duration bound) throws InterruptedException {
        HammerReport report = HammerReport.parse(child.awaitLine(HammerReport.prefix(), bound));
        assertEquals(0, child.awaitExit(Duration.ofSeconds(30)), child.transcript());
        return report;
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (Throwable failure) {
            failure.printStackTrace(System.out);
            System.exit(2);
        }
    }

    private static int run(String[] args) throws Exception {
        String name = args[0];
        long count = Long.parseLong(args[1]);
        long[] sizes = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        int threads = Integer.parseInt(args[3]);
        long maxRequest = Long.parseLong(args[4]);
        int maxHeld = Integer.parseInt(args[5]);
        long budget = Long.parseLong(args[6]);
        long seconds = Long.parseLong(args[7]);
        long attempts = budget < 0 || seconds > 0 ? Long.MAX_VALUE : budget;
        int chunksPerPool = args.length > 8 ? Integer.parseInt(args[8]) : 0;
        boolean reclamation = args.length > 9 && args[9].equals("reclamation");
        ShmOptions options = reclamation ? ShmOptions.defaults().withReclamation() : ShmOptions.defaults();
        ArenaLayout layout = ArenaLayout.of(count, sizes);
        long pid = ProcessHandle.current().pid();
        try (SlabAllocator arena = SlabArenas.shared(name, options, count, sizes)) {
            List<Hammer> hammers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Hammer hammer = new Hammer(arena, layout, ChunkStamp.of(pid, t), maxRequest, maxHeld, pid * 7919 + t);
                hammers.add(reclamation ? hammer.overDead() : hammer);
            }
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (in.readLine() == null) {
                return 3; // the parent gave up on us
            }
            long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : 0;
            HammerReport report = chunksPerPool > 0
                    ? CachedHammers.run(arena, layout, pid, threads, (threads + 1) / 2, chunksPerPool, maxRequest, maxHeld,
                            attempts, Hammer.until(deadline), Duration.ofDays(365), reclamation)
                    : Hammer.runInThreads(hammers, attempts, Hammer.until(deadline), Duration.ofDays(365));
            System.out.println(report.toLine());
            System.out.flush();
            return report.clean() ? 0 : 1;
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import java.util.concurrent.TimeUnit;

/**
 * A child process for the cross-process tests: opens the shared arena {@code name} with
 * {@code count} chunks of {@code smallSize} and {@code largeSize}, prints {@code ready}, runs
 * {@code threads} {@link Hammer}s, and prints {@code done <operations> <violations> <exhausted>}.
 * An operation budget of {@code -1} means "until killed"; a positive {@code seconds} runs for that
 * long instead of a budget (soak). Exits 3 if any violation (see {@link Hammer}) was seen.
 *
 * <p>Arguments: {@code name count smallSize largeSize threads operationsPerThread seconds}.
 */
public final class HammerMain {

    private HammerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String name = args[0];
        long count = Long.parseLong(args[1]);
        long smallSize = Long.parseLong(args[2]);
        long largeSize = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        long budget = Long.parseLong(args[5]);
        long seconds = Long.parseLong(args[6]);
        long operations = budget < 0 || seconds > 0 ? Long.MAX_VALUE : budget;
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : 0;
        long pid = ProcessHandle.current().pid();
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults(), count, smallSize, largeSize)) {
            Hammer[] hammers = new Hammer[threads];
            long[] done = new long[threads];
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int index = t;
                hammers[t] = new Hammer(arena, ChunkStamp.of(pid, t), smallSize, largeSize);
                workers[t] = new Thread(() -> done[index] = hammers[index].run(operations, deadline));
            }
            System.out.println("ready");
            System.out.flush();
            for (Thread worker : workers) {
                worker.start();
            }
            long total = 0;
            long doubles = 0;
            long exhausted = 0;
            for (int t = 0; t < threads; t++) {
                workers[t].join();
                total += done[t];
                doubles += hammers[t].violations();
                exhausted += hammers[t].exhausted();
            }
            System.out.println("done " + total + " " + doubles + " " + exhausted);
            System.out.flush();
            if (doubles != 0) {
                System.exit(3);
            }
        }
    }
}

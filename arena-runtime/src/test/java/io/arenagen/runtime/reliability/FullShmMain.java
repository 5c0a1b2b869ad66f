package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.internal.Errno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child main, run where {@code /dev/shm} is a 64 KiB tmpfs: creates a 1 MiB arena alone (it cannot be
 * reserved), then lets threads race to create and attach the same name, then opens a small arena that
 * fits. Prints {@code CREATOR <errno> <message>}, {@code AFTER-CREATOR <files in /dev/shm>},
 * {@code RACE ok=<n> refused=<n> bad=<n>} (with a {@code BAD <throwable>} line per outcome that is
 * neither a success on a named object nor an {@link ArenaException}), {@code SMALL ok}, and
 * {@code LEFT <files in /dev/shm>}.
 */
public final class FullShmMain {

    private static final long COUNT = 1024;
    private static final long SIZE = 1024;
    private static final int THREADS = 4;
    private static final int ROUNDS = 200;

    private FullShmMain() {
    }

    public static void main(String[] args) throws Exception {
        ShmOptions options = ShmOptions.defaults().withInitTimeout(Duration.ofMillis(200));
        try (SlabAllocator arena = SlabArenas.shared("/full-alone", options, COUNT, SIZE)) {
            System.out.println("CREATOR opened " + arena.totalSize());
        } catch (ArenaException e) {
            System.out.println("CREATOR " + Errno.name(e.errno()) + " " + e.getMessage());
        }
        System.out.println("AFTER-CREATOR " + files());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int round = 0; round < ROUNDS; round++) {
                    try (SlabAllocator arena = SlabArenas.shared("/full-race", options, COUNT, SIZE)) {
                        // Success is possible only on an object whose every page is reserved: touch them all.
                        arena.memory().fill((byte) 1);
                        if (Files.exists(Path.of("/dev/shm/full-race"))) {
                            ok.incrementAndGet();
                        } else {
                            bad.incrementAndGet();
                            System.out.println("BAD attached to a nameless object");
                        }
                    } catch (ArenaException e) {
                        refused.incrementAndGet();
                    } catch (Throwable e) {
                        bad.incrementAndGet();
                        System.out.println("BAD " + e);
                    }
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("RACE ok=" + ok + " refused=" + refused + " bad=" + bad);
        try (SlabAllocator first = SlabArenas.shared("/full-small", options, 4, 16);
             SlabAllocator second = SlabArenas.shared("/full-small", options, 4, 16)) {
            first.memory().fill((byte) 0);
            System.out.println("SMALL " + (second.allocateOffset(16) >= 0 ? "ok" : "exhausted"));
        }
        io.arenagen.runtime.SharedMemory.unlink("/full-small");
        System.out.println("LEFT " + files());
    }

    /** The files in /dev/shm, sorted. */
    static List<String> files() throws IOException {
        try (var files = Files.list(Path.of("/dev/shm"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

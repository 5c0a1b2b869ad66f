package io.arenagen.examples.guide;

import io.arenagen.runtime.ArenaManagement;
import io.arenagen.runtime.ArenaStats;
import io.arenagen.runtime.PoolStats;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import jdk.jfr.Recording;

/**
 * The code the guide (README.md and docs/) shows, compiled and run: each snippet there is a verbatim excerpt of
 * this package, which docs-tests' DocSnippetsTest checks, and ExamplesTest runs {@link #run}.
 */
public final class Guide {

    private Guide() {
    }

    /** Runs every snippet, the shared ones on the object {@code name}, which it unlinks at the end. */
    public static void run(PrintStream out, String name) throws InterruptedException {
        try {
            declaring(out, name);
            structs(out);
            exhaustion(out);
            observing(out);
            startingClean(out, name);
        } finally {
            SharedMemory.unlink(name);
        }
    }

    private static void declaring(PrintStream out, String name) {
        try (OrderArena arena = new OrderArenaImpl()) {           // LOCAL: private memory
            out.println("  local arena of " + arena.totalSize() + " bytes");
        }
        try (FeedArena arena = new FeedArenaImpl(name)) {         // SHM: created, or attached if it exists
            out.println("  shared arena " + name + " of " + arena.totalSize() + " bytes");
        }
        // group-readable object, and at most 1 s of waiting for another process's initialization
        ShmOptions options = ShmOptions.defaults().withPermissions(0660).withInitTimeout(Duration.ofSeconds(1));
        try (FeedArena arena = new FeedArenaImpl(name, options)) {
            out.println("  attached again: " + arena.stats().inUse() + " chunk(s) in use");
        }
    }

    private static void structs(PrintStream out) {
        Order order = new Order(7, true, 'B', 1.5, "ACME\0\0\0\0".getBytes(StandardCharsets.US_ASCII),
                new Price(12_345, (byte) 2));
        try (OrderArena arena = new OrderArenaImpl()) {
            long offset = arena.allocateOrder();                        // pool 0 (64 B), chosen at compile time; -1 if none
            OrderStruct.write(arena.memory(), offset, order);           // or field by field, allocating nothing:
            OrderStruct.setQty(arena.memory(), offset, 2.5);
            OrderStruct.getSymbolAt(arena.memory(), offset, 0);         // arrays: by index, or in bulk into an array
            OrderStruct.setIdRelease(arena.memory(), offset, 42);       // int/long: getXAcquire, setXRelease, compareAndSetX
            PriceStruct.getTicks(arena.memory(), offset + OrderStruct.PRICE_OFFSET); // nested structs: through their own class
            out.println("  order " + OrderStruct.getId(arena.memory(), offset) + " qty "
                    + OrderStruct.getQty(arena.memory(), offset) + " ticks "
                    + PriceStruct.getTicks(arena.memory(), offset + OrderStruct.PRICE_OFFSET)
                    + " (" + OrderStruct.BYTES + " bytes)");
            arena.deallocateOffset(offset);
        }
        out.println("  SizingArenaImpl.TOTAL_SIZE = " + SizingArenaImpl.TOTAL_SIZE);
    }

    /**
     * A request that finds every fitting chunk taken: shed it, or wait with a bound and a growing pause, never in a
     * spinning loop (every failed attempt counts one exhaustion, in every pool it tried).
     */
    private static void exhaustion(PrintStream out) throws InterruptedException {
        try (OrderArena arena = new OrderArenaImpl()) {
            while (arena.allocateOffset(64) >= 0) {
                // take every chunk
            }
            long before = arena.stats().exhaustions();
            MemorySegment message = MemorySegment.ofArray(new byte[64]);
            boolean accepted = offer(arena, message);
            long waited = allocateWithin(arena, 64, Duration.ofMillis(100));
            out.println("  full: offer accepted " + accepted + ", allocateWithin(100 ms) -> " + waited + ", "
                    + (arena.stats().exhaustions() - before) + " exhaustion(s) counted");
        }
    }

    /** Copies {@code message} into a chunk, or refuses it when the arena is full: the caller sheds or slows down. */
    static boolean offer(SlabAllocator arena, MemorySegment message) {
        long offset = arena.allocateOffset(message.byteSize());
        if (offset < 0) {
            return false;                      // full: the caller sheds, queues or slows down; nothing spins here
        }
        MemorySegment.copy(message, 0, arena.memory(), offset, message.byteSize());
        return true;
    }

    /** Waits at most {@code patience} for a chunk, pausing 1 µs, 2 µs, ... up to 1 ms between attempts. */
    static long allocateWithin(SlabAllocator arena, long size, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 1_000;
        while (true) {
            long offset = arena.allocateOffset(size);
            if (offset >= 0 || System.nanoTime() - deadline >= 0) {
                return offset;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for a " + size + "-byte chunk");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 1_000_000);
        }
    }

    private static void observing(PrintStream out) {
        try (OrderArena arena = new OrderArenaImpl()) {
            try (Recording recording = new Recording()) {
                recording.enable("io.arenagen.Exhaustion");
                recording.enable("io.arenagen.Promotion");
                recording.start();
                arena.allocateOffset(64);
            }
            try (ArenaManagement.Registration jmx = ArenaManagement.register(arena, "io.arenagen:type=Arena,name=feed")) {
                // attributes Arena, Free, InUse, Exhaustions, CorruptPools, Pools (CompositeData[] with the PoolStats items)
                out.println("  registered " + jmx);
            }
            ArenaStats stats = arena.stats();
            for (PoolStats pool : stats.pools()) {
                out.printf("  pool %d (%d B): %d of %d in use, %d exhaustion(s)%n",
                        pool.pool(), pool.chunkSize(), pool.inUse(), pool.capacity(), pool.exhaustions());
            }
        }
    }

    private static void startingClean(PrintStream out, String name) {
        try (FeedArena arena = new FeedArenaImpl(name)) {
            arena.allocateOffset(64);                     // held when the process ends: the object keeps it
        }
        try (FeedArena arena = new FeedArenaImpl(name)) {
            out.println("  reopened: " + arena.stats().inUse() + " chunk(s) in use");
        }
        SharedMemory.unlink(name);                        // start clean: only when no other process uses the object
        try (FeedArena arena = new FeedArenaImpl(name)) {
            out.println("  started clean: " + arena.stats().inUse() + " chunk(s) in use");
        }
    }
}

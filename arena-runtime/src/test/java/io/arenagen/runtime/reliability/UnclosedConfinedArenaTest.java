package io.arenagen.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A confined arena whose owner thread ends without {@code close()} (issue 18: ten virtual-thread owners
 * took a process from 42 MB to 385 MB for good) is unmapped once nothing can reach its memory: no arena
 * and no segment of it. Measured in the mapped bytes of {@code /proc/self/maps}, after a bounded wait
 * with {@link System#gc()}. Also: a segment still held keeps the memory mapped and usable after its
 * arena and owner are gone, and an arena its owner closed is never unmapped a second time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class UnclosedConfinedArenaTest {

    /** 16 MiB of chunks per arena: big enough to stand out of the JVM's own mapping noise. */
    private static final long COUNT = 4096;
    private static final long CHUNK = 4096;
    private static final long ARENA_BYTES = COUNT * CHUNK;
    private static final int OWNERS = 12;

    @Test
    void arenasOfOwnersThatEndWithoutCloseAreUnmappedOnceUnreachable() throws InterruptedException {
        long before = mappedBytes();
        CountDownLatch created = new CountDownLatch(OWNERS);
        CountDownLatch measured = new CountDownLatch(1);
        List<Thread> owners = new ArrayList<>();
        for (int i = 0; i < OWNERS; i++) {
            Thread.Builder builder = i % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            owners.add(builder.name("owner-" + i).start(() -> {
                SlabAllocator arena = SlabArenas.confined(COUNT, CHUNK);
                MemorySegment chunk = arena.allocate(CHUNK); // a segment, dropped with the arena
                chunk.set(ValueLayout.JAVA_LONG, 0, 42L);
                created.countDown();
                await(measured);
                // ends without close: the arena and its segment become unreachable with this frame
            }));
        }
        assertTrue(created.await(60, TimeUnit.SECONDS), "the owners created their arenas");
        long peak = mappedBytes();
        measured.countDown();
        for (Thread owner : owners) {
            owner.join();
        }
        assertTrue(peak - before >= OWNERS * ARENA_BYTES * 9 / 10,
                "the arenas were mapped: " + (peak - before) + " bytes more than before");
        long released = waitWithGc(() -> peak - mappedBytes() >= OWNERS * ARENA_BYTES * 9 / 10);
        assertTrue(released >= 0, "still mapped after " + OWNERS + " owners ended and GC ran: " + (mappedBytes() - before)
                + " bytes more than before the arenas");
    }

    @Test
    void aSegmentStillHeldKeepsTheMemoryMappedAfterItsArenaAndOwnerAreGone() throws InterruptedException {
        List<MemorySegment> kept = new ArrayList<>();
        List<WeakReference<SlabAllocator>> arena = new ArrayList<>();
        Thread owner = Thread.ofVirtual().start(() -> {
            SlabAllocator confined = SlabArenas.confined(COUNT, CHUNK);
            MemorySegment chunk = confined.allocate(CHUNK);
            chunk.set(ValueLayout.JAVA_LONG, 0, 7L);
            kept.add(chunk);
            arena.add(new WeakReference<>(confined));
        });
        owner.join();
        assertTrue(waitWithGc(() -> arena.getFirst().get() == null) >= 0, "the arena itself became unreachable");
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        MemorySegment chunk = kept.getFirst();
        assertTrue(isMapped(chunk.address()), "the memory is still mapped while a segment of it is reachable");
        assertTrue(chunk.scope().isAlive(), "its scope was never closed");
    }

    @Test
    void anArenaItsOwnerClosedIsNotUnmappedAgainWhenItBecomesUnreachable() throws InterruptedException {
        WeakReference<SlabAllocator> closed = closedArena();
        // most often the kernel maps the next arena of the same size at the freed address
        try (SlabAllocator next = SlabArenas.confined(COUNT, CHUNK)) {
            assertTrue(waitWithGc(() -> closed.get() == null) >= 0, "the closed arena became unreachable");
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertTrue(isMapped(next.memory().address()), "the next arena's memory is still mapped");
            long offset = next.allocateOffset(CHUNK);
            next.memory().set(ValueLayout.JAVA_LONG, offset, 99L); // would crash had the cleaner unmapped the range
            assertEquals(99L, next.memory().get(ValueLayout.JAVA_LONG, offset));
        }
    }

    private static WeakReference<SlabAllocator> closedArena() {
        SlabAllocator arena = SlabArenas.confined(COUNT, CHUNK);
        arena.allocate(CHUNK);
        arena.close();
        return new WeakReference<>(arena);
    }

    @Test
    void closeUnmapsAtOnceConfinedOrShared() {
        for (Supplier<SlabAllocator> kind : List.<Supplier<SlabAllocator>>of(() -> SlabArenas.confined(COUNT, CHUNK),
                () -> SlabArenas.local(COUNT, CHUNK))) {
            SlabAllocator arena = kind.get();
            long address = arena.memory().address();
            assertTrue(isMapped(address));
            arena.close();
            assertFalse(isMapped(address), "close unmapped " + arena);
        }
    }

    /**
     * Runs {@link System#gc()} until {@code done} holds, for at most 30 s: the milliseconds it took, or
     * {@code -1} if it never held. Cleaners run on their own thread after the collection, hence the sleeps.
     */
    static long waitWithGc(Supplier<Boolean> done) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
            if (done.get()) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            System.gc();
            Thread.sleep(50);
        }
        return done.get() ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) : -1;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bytes of every mapping of this process, summed over {@code /proc/self/maps}. */
    static long mappedBytes() {
        return mappings().mapToLong(range -> range[1] - range[0]).sum();
    }

    private static boolean isMapped(long address) {
        return mappings().anyMatch(range -> range[0] <= address && address < range[1]);
    }

    /** Each line of {@code /proc/self/maps} as {@code [start, end)}. */
    private static Stream<long[]> mappings() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().map(line -> {
                String range = line.substring(0, line.indexOf(' '));
                int dash = range.indexOf('-');
                return new long[] {Long.parseUnsignedLong(range.substring(0, dash), 16),
                        Long.parseUnsignedLong(range.substring(dash + 1), 16)};
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

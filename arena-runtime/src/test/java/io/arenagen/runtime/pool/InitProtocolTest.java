package io.arenagen.runtime.pool;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The initialization protocol of {@link PoolInitializer} on plain native memory, white-box: how
 * many pools each call initializes, exactly-once initialization among racing threads, take-over
 * and liveness detection, and what counts as a fresh pool.
 */
@Timeout(30)
class InitProtocolTest {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ArenaLayout LAYOUT = ArenaLayout.of(4, 16, 32, 64);

    private final Arena arena = Arena.ofShared();

    @AfterEach
    void free() {
        arena.close();
    }

    private MemorySegment fresh(ArenaLayout layout) {
        return arena.allocate(layout.totalSize(), 64);
    }

    @Test
    void firstCallInitializesEveryPoolLaterCallsNone() {
        MemorySegment memory = fresh(LAYOUT);
        assertEquals(3, new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll());
        assertEquals(0, new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll());
        for (int pool = 0; pool < 3; pool++) {
            assertEquals(4, FreeList.countFree(memory, LAYOUT.headOffset(pool), LAYOUT.chunksOffset(pool),
                    LAYOUT.chunkShift(pool), 4));
        }
    }

    @Test
    void racingInitializersInitializeEachPoolExactlyOnce() throws Exception {
        ArenaLayout many = ArenaLayout.of(64, 16, 32, 64, 128, 256, 512, 1024, 2048);
        int threads = 4;
        for (int round = 0; round < 40; round++) {
            MemorySegment memory = fresh(many);
            CyclicBarrier start = new CyclicBarrier(threads);
            AtomicInteger initialized = new AtomicInteger();
            Thread[] racers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                racers[t] = new Thread(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        initialized.addAndGet(new PoolInitializer(memory, many, "m", 5_000_000_000L).initializeAll());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                racers[t].start();
            }
            for (Thread racer : racers) {
                racer.join(20_000);
            }
            assertEquals(many.poolCount(), initialized.get(), "round " + round + ": pools initialized more than once");
        }
    }

    @Test
    void deadInitializerIsTakenOverAndTheTakerRecordsItself() throws Exception {
        MemorySegment memory = fresh(LAYOUT);
        memory.set(LONG, LAYOUT.poolOffset(2), PoolHeader.MAGIC_BUSY);
        memory.set(LONG, LAYOUT.poolOffset(2) + PoolHeader.INITIALIZER_PID_OFFSET, reapedPid());
        memory.set(LONG, LAYOUT.poolOffset(2) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                ProcessLiveness.pidNamespace());
        assertEquals(3, new PoolInitializer(memory, LAYOUT, "m", 2_000_000_000L).initializeAll());
        assertEquals(ProcessHandle.current().pid(), memory.get(LONG, LAYOUT.poolOffset(2) + PoolHeader.INITIALIZER_PID_OFFSET));
        assertEquals(PoolHeader.MAGIC_READY, memory.get(LONG, LAYOUT.poolOffset(2)));
    }

    @Test
    void busyWithOwnPidIsNeverTakenOver() {
        MemorySegment memory = fresh(LAYOUT);
        memory.set(LONG, 0, PoolHeader.MAGIC_BUSY);
        memory.set(LONG, PoolHeader.INITIALIZER_PID_OFFSET, ProcessHandle.current().pid());
        ArenaException e = assertThrows(ArenaException.class,
                () -> new PoolInitializer(memory, LAYOUT, "m", 200_000_000L).initializeAll());
        assertTrue(e.getMessage().contains("more than 200 ms"), e.getMessage());
    }

    @Test
    void zeroTimeoutFailsAtOnce() {
        MemorySegment memory = fresh(LAYOUT);
        memory.set(LONG, 0, PoolHeader.MAGIC_BUSY);
        long started = System.nanoTime();
        ArenaException e = assertThrows(ArenaException.class, () -> new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll());
        assertTrue(System.nanoTime() - started < 1_000_000_000L);
        assertTrue(e.getMessage().startsWith("m: pool 0 has been initializing for more than 0 ms"), e.getMessage());
    }

    @Test
    void freshMeansAZeroHeaderWhateverTheChunksHold() {
        MemorySegment memory = fresh(LAYOUT);
        memory.asSlice(LAYOUT.chunksOffset(0), 64).fill((byte) 0x5A);
        assertEquals(3, new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll());
        assertEquals(4, FreeList.countFree(memory, LAYOUT.headOffset(0), LAYOUT.chunksOffset(0), LAYOUT.chunkShift(0), 4));
    }

    @Test
    void nonZeroHeaderUnderZeroMagicIsForeignWhereverItIs() {
        for (long offset = PoolHeader.TAG_OFFSET; offset < PoolHeader.CHUNKS_OFFSET; offset += 8) {
            MemorySegment memory = fresh(LAYOUT);
            memory.set(LONG, LAYOUT.poolOffset(1) + offset, 1L);
            long at = offset;
            ArenaException e = assertThrows(ArenaException.class,
                    () -> new PoolInitializer(memory, LAYOUT, "m", 0).initializeAll());
            assertTrue(e.getMessage().contains("pool 1") && e.getMessage().contains("at byte " + at + ")"), e.getMessage());
            assertEquals(0, memory.get(LONG, 0), "pool 0 must not be initialized when pool 1 is foreign");
        }
    }

    @Test
    void aFailedBuildHandsThePoolBackExactlyFresh() {
        ArenaLayout layout = ArenaLayout.of(4, 16);
        // Memory that ends inside the chunks: the build fails on the second link, after the descriptor.
        MemorySegment memory = arena.allocate(PoolHeader.CHUNKS_OFFSET + 16, 16);
        assertThrows(IndexOutOfBoundsException.class, () -> new PoolInitializer(memory, layout, "m", 0).initializeAll());
        for (long offset = 0; offset < PoolHeader.CHUNKS_OFFSET; offset += 8) {
            assertEquals(0, memory.get(LONG, offset), "header word at byte " + offset + " left behind");
        }
        MemorySegment whole = fresh(layout);
        MemorySegment.copy(memory, 0, whole, 0, memory.byteSize());
        assertEquals(1, new PoolInitializer(whole, layout, "m", 0).initializeAll(), "the next initializer takes it");
    }

    @Test
    void processLiveness() throws Exception {
        assertTrue(ProcessLiveness.isAlive(ProcessHandle.current().pid()), "this process");
        assertFalse(ProcessLiveness.isAlive(reapedPid()), "a reaped process");
        // The shell's background child outlives the exec; sleep never reaps it, so it stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 20").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            long zombie = Long.parseLong(out.readLine().trim());
            Path stat = Path.of("/proc", Long.toString(zombie), "stat");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(stat).contains(") Z ") && System.nanoTime() < deadline) {
                assertTrue(ProcessLiveness.isAlive(zombie), "a running process is alive");
                Thread.sleep(10);
            }
            assertTrue(Files.readString(stat).contains(") Z "), "premise: the child is a zombie now");
            assertFalse(ProcessLiveness.isAlive(zombie), "a zombie is dead");
            assertTrue(ProcessLiveness.isAlive(parent.pid()), "a sleeping process is alive");
        } finally {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The pid of a process that has exited and been reaped. */
    static long reapedPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return process.pid();
    }
}

package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.internal.ProcessLiveness;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue's initialization protocol on plain native memory, white-box, in the cases where a queue's
 * initializer is gone: one that stored ready just before it died (the taker must not reset a live queue),
 * one recorded with this process's own pid (a previous incarnation: taken over, not waited for until the
 * timeout), and a build that fails (the queue goes back to fresh, not busy for good).
 */
@Timeout(30)
final class RingInitProtocolTest {

    private static final VarHandle LONG = LittleEndian.LONG;
    private static final long SELF = ProcessHandle.current().pid();

    private final Arena arena = Arena.ofShared();

    @AfterEach
    void free() {
        arena.close();
    }

    private MemorySegment fresh(RingLayout layout) {
        return arena.allocate(layout.totalSize(), 64);
    }

    /** Marks {@code memory} as being initialized by {@code pid} of this pid namespace. */
    private static void busyWith(MemorySegment memory, long pid) {
        memory.set(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_OFFSET, pid);
        memory.set(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                ProcessLiveness.pidNamespace());
        LONG.setRelease(memory, RingHeader.MAGIC_OFFSET, RingHeader.MAGIC_BUSY);
    }

    @Test
    void aQueueWhoseInitializerStoredReadyThenDiedIsNotReset() throws Exception {
        RingLayout layout = RingLayout.ofLongs(RingPolicy.SPSC, 8);
        MemorySegment memory = fresh(layout);
        new RingInitializer(memory, layout, "q", 0).initialize();
        // A queue in use: two elements pending, one full offer counted.
        memory.set(LittleEndian.LONG_UNALIGNED, RingHeader.HEAD_OFFSET, 5L);
        memory.set(LittleEndian.LONG_UNALIGNED, RingHeader.TAIL_OFFSET, 3L);
        memory.set(LittleEndian.LONG_UNALIGNED, RingHeader.FULLS_OFFSET, 7L);
        long initializer = reapedPid();
        busyWith(memory, initializer); // as this waiter last saw it
        // The initializer stores ready and dies while this waiter asks whether it is alive.
        new RingInitializer(memory, layout, "q", TimeUnit.SECONDS.toNanos(5), pid -> {
            assertEquals(initializer, pid);
            LONG.setRelease(memory, RingHeader.MAGIC_OFFSET, RingHeader.MAGIC_READY);
            return false;
        }).initialize();
        assertEquals(RingHeader.MAGIC_READY, (long) LONG.getAcquire(memory, RingHeader.MAGIC_OFFSET));
        assertEquals(5L, memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.HEAD_OFFSET), "head reset");
        assertEquals(3L, memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.TAIL_OFFSET), "tail reset");
        assertEquals(7L, memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.FULLS_OFFSET), "counter reset");
    }

    @Test
    void aDeadInitializerWithThisProcesssPidIsTakenOver() {
        RingLayout layout = RingLayout.ofLongs(RingPolicy.MPMC, 8);
        MemorySegment memory = fresh(layout);
        // A previous incarnation (a restarted container reusing the pid) died building it; no thread of
        // this process builds it.
        busyWith(memory, SELF);
        memory.set(LittleEndian.LONG_UNALIGNED, RingHeader.HEAD_OFFSET, 3L);
        long started = System.nanoTime();
        new RingInitializer(memory, layout, "q", TimeUnit.SECONDS.toNanos(2)).initialize();
        long elapsed = System.nanoTime() - started;
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(1), "taken over only after " + elapsed / 1_000_000 + " ms");
        assertEquals(RingHeader.MAGIC_READY, (long) LONG.getAcquire(memory, RingHeader.MAGIC_OFFSET));
        assertEquals(0L, memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.HEAD_OFFSET), "rebuilt");
        assertEquals(SELF, memory.get(LittleEndian.LONG_UNALIGNED, RingHeader.INITIALIZER_PID_OFFSET));
        for (long i = 0; i < layout.capacity(); i++) {
            assertEquals(i, memory.get(LittleEndian.LONG_UNALIGNED, layout.slotOffset(i)), "sequence word " + i);
        }
    }

    @Test
    void aFailedBuildHandsTheQueueBackExactlyFresh() {
        RingLayout layout = RingLayout.ofLongs(RingPolicy.MPMC, 8);
        // Memory that ends after the first slot: the build fails on the second sequence word, after the
        // descriptor and the pid words.
        MemorySegment memory = arena.allocate(RingHeader.SLOTS_OFFSET + layout.slotSize(), 64);
        assertThrows(IndexOutOfBoundsException.class, () -> new RingInitializer(memory, layout, "q", 0).initialize());
        for (long offset = 0; offset < RingHeader.SLOTS_OFFSET; offset += Long.BYTES) {
            assertEquals(0L, memory.get(LittleEndian.LONG_UNALIGNED, offset), "header word at byte " + offset + " left");
        }
        MemorySegment whole = fresh(layout);
        MemorySegment.copy(memory, 0, whole, 0, memory.byteSize());
        new RingInitializer(whole, layout, "q", 0).initialize();
        assertEquals(RingHeader.MAGIC_READY, (long) LONG.getAcquire(whole, RingHeader.MAGIC_OFFSET),
                "the next initializer takes it");
    }

    /** The pid of a process that has exited and been reaped. */
    private static long reapedPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return process.pid();
    }
}

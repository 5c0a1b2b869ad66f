package io.arenagen.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.runtime.ArenaException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ReadyOnce} on plain native memory: a build of this process that outlasts the liveness grace is
 * waited for, not taken over, by another thread of this process that finds this process's pid in the busy
 * object (the registry of objects being built tells a live builder from a previous incarnation).
 */
@Timeout(30)
final class ReadyOnceTest {

    private static final ReadyOnce.Header HEADER = new ReadyOnce.Header(48, 56, 64);
    private static final long SLOW_BUILD_MILLIS = 300;

    /** A target that counts builds and verifications; its build waits for {@code release}. */
    private static final class Counting implements ReadyOnce.Target {
        final AtomicInteger builds = new AtomicInteger();
        final AtomicInteger verifies = new AtomicInteger();
        final CountDownLatch building = new CountDownLatch(1);
        final MemorySegment memory;

        Counting(MemorySegment memory) {
            this.memory = memory;
        }

        @Override
        public void verify() {
            verifies.incrementAndGet();
        }

        @Override
        public void build() {
            builds.incrementAndGet();
            memory.set(LittleEndian.LONG_UNALIGNED, 8, 42L);
            building.countDown();
            try {
                Thread.sleep(SLOW_BUILD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public ArenaException foreignMagic(long magic) {
            return new ArenaException("foreign magic " + magic);
        }

        @Override
        public ArenaException foreignHeader(long offset, long word) {
            return new ArenaException("foreign header word " + word + " at " + offset);
        }
    }

    @Test
    void aSlowBuilderOfThisProcessIsWaitedForNotTakenOver() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = arena.allocate(64, 64);
            Counting target = new Counting(memory);
            ReadyOnce.Subject subject = new ReadyOnce.Subject("memory " + memory.address(), "the object", "object",
                    "unlink");
            long timeout = TimeUnit.SECONDS.toNanos(10);
            AtomicBoolean builderBuilt = new AtomicBoolean();
            Thread builder = new Thread(() -> builderBuilt.set(new ReadyOnce(memory, 0, HEADER, subject, timeout,
                    target).initialize()));
            builder.start();
            assertTrue(target.building.await(10, TimeUnit.SECONDS), "premise: the builder is at work");
            assertEquals(ProcessHandle.current().pid(), memory.get(LittleEndian.LONG_UNALIGNED, 48),
                    "premise: the busy object carries this process's pid");
            long started = System.nanoTime();
            assertFalse(new ReadyOnce(memory, 0, HEADER, subject, timeout, target).initialize(), "built twice");
            long waited = System.nanoTime() - started;
            builder.join(10_000);
            assertTrue(builderBuilt.get());
            assertEquals(1, target.builds.get(), "builds");
            assertEquals(1, target.verifies.get(), "the waiter verifies the object it waited for");
            assertTrue(waited > TimeUnit.MILLISECONDS.toNanos(SLOW_BUILD_MILLIS / 2), "did not wait: " + waited);
            assertEquals(ReadyOnce.READY, (long) LittleEndian.LONG.getAcquire(memory, 0L));
            assertEquals(42L, memory.get(LittleEndian.LONG_UNALIGNED, 8));
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.ChildJvm;
import io.arenagen.runtime.testkit.HoldMain;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How long reclaiming a dead process's 1 M chunks takes: a child takes every chunk of a pool of 2^20
 * (16 MiB of 16-byte chunks) and is killed; this process's {@code reclaim()} gives them back (one pass over
 * the 2 MiB of owner entries, batches of 64, one release CAS each) and the time is printed. The number is a
 * measurement on whatever machine runs the test, reported, not asserted.
 */
@Tag("stress")
@Timeout(180)
class ReclaimTimeTest {

    private static final long COUNT = 1 << 20;

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void reclaimingAMillionChunksOfADeadProcessIsTimed() throws Exception {
        String name = shm.name("million");
        ArenaLayout layout = ArenaLayout.of(COUNT, 16);
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withReclamation(), COUNT, 16)) {
            try (ChildJvm holder = HoldMain.start(name, COUNT, "16", 16, (int) COUNT, 0, 0, 0)) {
                holder.awaitLine("ready", Duration.ofSeconds(120));
                holder.kill();
            }
            assertEquals(0, PoolAudit.freeCount(arena.memory(), layout, 0));
            long started = System.nanoTime();
            long reclaimed = arena.reclaim();
            long nanos = System.nanoTime() - started;
            assertEquals(COUNT, reclaimed);
            assertEquals(COUNT, PoolAudit.freeCount(arena.memory(), layout, 0));
            System.out.printf("ReclaimTimeTest: reclaimed %,d chunks of a dead process in %.1f ms (%.1f ns per chunk)%n",
                    reclaimed, nanos / 1e6, (double) nanos / reclaimed);
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;
import io.arenagen.runtime.testkit.ChildJvm;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerMain;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes killed with SIGKILL in the middle of traffic must leave every free list consistent: no
 * cycle, no index out of range, no chunk twice, no chunk both free and held; at most the chunks the
 * killed processes held are lost (each {@link HammerMain} thread holds at most {@value #MAX_HELD}). Several
 * rounds of child JVMs hammer one shared arena, together with a thread of this process, and are killed at
 * random moments; the pools are audited once no process is left, and the arena is then used again.
 */
@Tag("stress")
@Timeout(120)
class SigkillTest {

    private static final long COUNT = 256;
    private static final long SMALL = 16;
    private static final long LARGE = 64;
    private static final int ROUNDS = 4;
    private static final int CHILDREN = 2;
    private static final int MAX_HELD = 2;

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void killedProcessesLoseAtMostTheirChunksAndNeverCorruptTheLists() throws Exception {
        String name = shm.name("sigkill");
        ArenaLayout layout = ArenaLayout.of(COUNT, SMALL, LARGE);
        int kills = 0;
        try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SMALL, LARGE)) {
            MemorySegment memory = arena.memory();
            Hammer local = new Hammer(arena, layout, ChunkStamp.of(ProcessHandle.current().pid(), 0), LARGE,
                    MAX_HELD, 1);
            for (int round = 0; round < ROUNDS; round++) {
                kills += killRound(name, layout, local);
            }
            HammerReport seen = local.report();
            seen.assertClean();
            assertTrue(seen.allocations() > 0, "this process got chunks: " + seen);

            int stampedTotal = 0;
            int lost = 0;
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                BitSet free = PoolAudit.freeIndices(memory, layout, pool);
                BitSet stamped = PoolAudit.stampedIndices(memory, layout, pool);
                PoolAudit.assertDisjoint(free, stamped, "pool " + pool);
                int poolLost = (int) COUNT - free.cardinality();
                assertTrue(stamped.cardinality() <= poolLost, "stamped chunks are among the lost ones");
                lost += poolLost;
                stampedTotal += stamped.cardinality();
                assertTrue(FreeList.generationOf(FreeList.head(memory, layout.headOffset(pool))) > 10_000,
                        "pool " + pool + " saw too little traffic for the test to mean anything");
            }
            assertTrue(lost <= MAX_HELD * kills, lost + " chunks lost to " + kills + " killed single-thread processes");
            System.out.println("SigkillTest: " + kills + " processes killed, " + lost + " chunks lost, "
                    + stampedTotal + " of them stamped");
            assertUsable(arena, layout);
        }
    }

    /** Starts the children, lets them and {@code local} hammer, kills each child at a random moment. */
    private static int killRound(String name, ArenaLayout layout, Hammer local) throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        Thread traffic = null;
        try {
            for (int c = 0; c < CHILDREN; c++) {
                children.add(HammerMain.start(name, layout, 1, LARGE, MAX_HELD, -1, 0));
            }
            HammerMain.go(children, Duration.ofSeconds(30));
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            traffic = new Thread(() -> local.run(Long.MAX_VALUE, Hammer.until(until)));
            traffic.start();
            for (ChildJvm child : children) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(20, 120));
                child.kill();
            }
            return children.size();
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
            if (traffic != null) {
                traffic.join(30_000);
                assertTrue(!traffic.isAlive(), "local traffic did not stop");
            }
        }
    }

    /** Every chunk still on the lists can be taken, each once, and the lists are then empty. */
    private static void assertUsable(SlabAllocator arena, ArenaLayout layout) {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            PoolAudit.assertTakesEachFreeChunkOnce(arena, layout, pool, PoolAudit.freeCount(arena.memory(), layout, pool));
        }
    }
}

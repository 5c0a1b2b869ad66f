package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.pool.FreeList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes killed with SIGKILL in the middle of traffic must leave every free list consistent: no
 * cycle, no index out of range, no chunk twice, no chunk both free and held; at most the chunks the
 * killed processes held are lost (each {@link HammerMain} thread holds at most two). Several rounds
 * of child JVMs hammer one shared arena, together with a thread of this process, and are killed at
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
            Hammer local = new Hammer(arena, ChunkStamp.of(ProcessHandle.current().pid(), 0), SMALL, LARGE);
            for (int round = 0; round < ROUNDS; round++) {
                kills += killRound(name, local);
            }
            assertEquals(0, local.violations(), "this process saw a chunk handed out twice");

            int stampedTotal = 0;
            int lost = 0;
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                BitSet free = PoolAudit.freeIndices(memory, layout, pool);
                BitSet stamped = stampedChunks(memory, layout, pool);
                PoolAudit.assertDisjoint(free, stamped, "pool " + pool);
                int poolLost = (int) COUNT - free.cardinality();
                assertTrue(stamped.cardinality() <= poolLost, "stamped chunks are among the lost ones");
                lost += poolLost;
                stampedTotal += stamped.cardinality();
                assertTrue(FreeList.generationOf(FreeList.head(memory, layout.headOffset(pool))) > 10_000,
                        "pool " + pool + " saw too little traffic for the test to mean anything");
            }
            assertTrue(lost <= 2 * kills, lost + " chunks lost to " + kills + " killed single-thread processes");
            System.out.println("SigkillTest: " + kills + " processes killed, " + lost + " chunks lost, "
                    + stampedTotal + " of them stamped");
            assertUsable(arena, layout);
        }
    }

    /** Starts the children, lets them and {@code local} hammer, kills each child at a random moment. */
    private static int killRound(String name, Hammer local) throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        Thread traffic = null;
        try {
            for (int c = 0; c < CHILDREN; c++) {
                children.add(ChildJvm.start(HammerMain.class, name, Long.toString(COUNT), Long.toString(SMALL),
                        Long.toString(LARGE), "1", "-1", "0"));
            }
            for (ChildJvm child : children) {
                child.awaitLine("ready", Duration.ofSeconds(30));
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            traffic = new Thread(() -> local.run(Long.MAX_VALUE, until));
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

    private static BitSet stampedChunks(MemorySegment memory, ArenaLayout layout, int pool) {
        BitSet stamped = new BitSet();
        for (int i = 0; i < COUNT; i++) {
            if (ChunkStamp.read(memory, layout.chunksOffset(pool) + ((long) i << layout.chunkShift(pool))) != 0) {
                stamped.set(i);
            }
        }
        return stamped;
    }

    /** Every chunk still on the lists can be taken, each once, and the lists are then empty. */
    private static void assertUsable(SlabAllocator arena, ArenaLayout layout) {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            int free = PoolAudit.freeCount(arena.memory(), layout, pool);
            Set<Long> taken = new HashSet<>();
            for (int i = 0; i < free; i++) {
                long offset = arena.tryAllocateOffset(layout.chunkSize(pool));
                assertTrue(offset >= 0 && layout.poolOf(offset) == pool, "chunk " + i + " of " + free);
                assertTrue(taken.add(offset), "offset " + offset + " handed out twice");
            }
            assertEquals(-1, arena.tryAllocateOffset(layout.chunkSize(pool)), "pool " + pool + " should be empty now");
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.ChildJvm;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerMain;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.HoldMain;
import io.arenagen.runtime.testkit.OwnerEntries;
import io.arenagen.runtime.testkit.OwnershipAudit;
import io.arenagen.runtime.testkit.PoolAudit;
import io.arenagen.runtime.testkit.ReclaimerMain;
import io.arenagen.runtime.reclaim.Owners;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reclamation under SIGKILL: processes with reclamation killed at random moments, in the middle of
 * traffic through the arena and through thread caches (refill and drain batches), and reclaimers
 * killed in the middle of a reclaim while another one races them. Afterwards every chunk is exactly
 * one of free, held by a live handle, in transit, or lost in a stated crash window
 * ({@link OwnershipAudit}); nothing this live process holds is ever reclaimed or handed out again; no
 * chunk is handed out twice (stamps that take over only a dead process's stamp). Rounds and kills are
 * few enough for {@code mvn verify}; {@code -Darenagen.reclaimRounds=N} runs more.
 */
@Tag("stress")
@Timeout(300)
class ReclaimSigkillTest {

    private static final int ROUNDS = Integer.getInteger("arenagen.reclaimRounds", 3);
    private static final ShmOptions RECLAIMING = ShmOptions.defaults().withReclamation();

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    /**
     * Hammering children (half their threads through caches of 16, so refill and drain batches of 8)
     * are killed at random while this process hammers too and reclaims in a loop; its pinned chunks and
     * its chunks in transit must survive every reclaim.
     */
    @Test
    void killedHammersChunksComeBackAndALiveProcesssNeverDo() throws Exception {
        long count = 512;
        ArenaLayout layout = ArenaLayout.of(count, 16, 64);
        String name = shm.name("reclaim-kill");
        int threads = 2;
        int cap = 16;
        int kills = 0;
        try (SlabAllocator arena = SlabArenas.shared(name, RECLAIMING, count, 16, 64);
             OwnerEntries entries = OwnerEntries.of(name, layout)) {
            long stamp = ChunkStamp.of(ProcessHandle.current().pid(), 100);
            long[] pinned = new long[8];
            for (int i = 0; i < pinned.length; i++) {
                pinned[i] = arena.allocateOffset(16 + 48L * (i % 2));
                assertTrue(ChunkStamp.claim(arena.memory(), pinned[i], stamp));
            }
            int slot = entries.entryAt(pinned[0]);
            long[] inTransit = {arena.allocateOffset(16), arena.allocateOffset(64)};
            for (long at : inTransit) {
                arena.release(at);
            }
            Hammer local = new Hammer(arena, layout, ChunkStamp.of(ProcessHandle.current().pid(), 0), 64, 4, 7)
                    .overDead();
            AtomicLong reclaimed = new AtomicLong();
            for (int round = 0; round < ROUNDS; round++) {
                List<ChildJvm> children = new ArrayList<>();
                AtomicBoolean going = new AtomicBoolean(true);
                Thread traffic = new Thread(() -> local.run(Long.MAX_VALUE, going::get), "local-hammer");
                Thread reclaimer = new Thread(() -> {
                    while (going.get()) {
                        reclaimed.addAndGet(arena.reclaim());
                    }
                }, "local-reclaimer");
                try {
                    for (int c = 0; c < 2; c++) {
                        children.add(HammerMain.startReclaiming(name, layout, threads, 64, 4, cap));
                    }
                    HammerMain.go(children, Duration.ofSeconds(60));
                    traffic.start();
                    reclaimer.start();
                    for (ChildJvm child : children) {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(20, 200));
                        child.kill();
                        kills++;
                    }
                    Thread.sleep(50);
                } finally {
                    going.set(false);
                    children.forEach(ChildJvm::close);
                    traffic.join(30_000);
                    reclaimer.join(30_000);
                }
            }
            reclaimed.addAndGet(arena.reclaim());
            HammerReport seen = local.report();
            seen.assertClean();
            OwnershipAudit audit = OwnershipAudit.of(arena.memory(), layout, entries, Set.of(slot), pinned, slot, stamp);
            audit.assertAccountsFor(layout);
            assertEquals(pinned.length, audit.live(), "only this process's pinned chunks are held: " + audit);
            assertEquals(inTransit.length, audit.inTransit(), "chunks in transit are never reclaimed: " + audit);
            assertEquals(0, audit.dead(), "every dead slot was reclaimed: " + audit);
            assertEquals(0, audit.lostMidReclaim(), "no reclaimer was killed here: " + audit);
            // A holder killed between a pop's CAS and its owner store loses what that pop took: one chunk from the
            // arena, at most a refill batch (cap / 2) from a cache; per thread.
            long bound = (long) kills * threads * (cap / 2);
            assertTrue(audit.lostInWindow() <= bound, audit.lostInWindow() + " chunks lost in the crash window by "
                    + kills + " killed processes, more than " + bound);
            System.out.println("ReclaimSigkillTest: " + kills + " hammering processes killed, " + reclaimed.get()
                    + " chunks reclaimed, " + audit.lostInWindow() + " lost between a pop and its owner store; " + audit);
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                PoolAudit.assertTakesEachFreeChunkOnce(arena, layout, pool,
                        PoolAudit.freeCount(arena.memory(), layout, pool));
            }
        }
    }

    /**
     * Holders of many chunks are killed; then two reclaimers race for their slots and are killed at a
     * random moment, often mid-reclaim (a reclaim of a slot's chunks takes milliseconds here). Between
     * rounds, with no live process but this one, the audit must hold: only chunks of the reclaimers'
     * unfinished batches may be lost, at most {@link Owners#BATCH} per killed reclaimer.
     */
    @Test
    void reclaimersKilledMidReclaimWhileRacingNeverHandAChunkOutTwice() throws Exception {
        long count = 1 << 16;
        ArenaLayout layout = ArenaLayout.of(count, 16, 32);
        String name = shm.name("reclaimer-kill");
        int reclaimerKills = 0;
        try (SlabAllocator arena = SlabArenas.shared(name, RECLAIMING, count, 16, 32);
             OwnerEntries entries = OwnerEntries.of(name, layout)) {
            long stamp = ChunkStamp.of(ProcessHandle.current().pid(), 100);
            long[] pinned = new long[16];
            for (int i = 0; i < pinned.length; i++) {
                pinned[i] = arena.allocateOffset(16);
                assertTrue(ChunkStamp.claim(arena.memory(), pinned[i], stamp));
            }
            int slot = entries.entryAt(pinned[0]);
            for (int round = 0; round < ROUNDS; round++) {
                List<ChildJvm> holders = new ArrayList<>();
                List<ChildJvm> reclaimers = new ArrayList<>();
                try {
                    for (int h = 0; h < 2; h++) {
                        holders.add(HoldMain.start(name, count, "16,32", 16, 12_000, 2_000, 64, 0));
                    }
                    for (ChildJvm holder : holders) {
                        holder.awaitLine("ready", Duration.ofSeconds(60));
                    }
                    for (int r = 0; r < 2; r++) {
                        reclaimers.add(ReclaimerMain.start(name, count, "16,32"));
                    }
                    for (ChildJvm reclaimer : reclaimers) {
                        reclaimer.awaitLine("ready", Duration.ofSeconds(60));
                    }
                    for (ChildJvm holder : holders) {
                        holder.kill();
                    }
                    for (ChildJvm reclaimer : reclaimers) {
                        reclaimer.send("go");
                    }
                    TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(0, 8_000));
                    for (ChildJvm reclaimer : reclaimers) {
                        reclaimer.kill();
                        reclaimerKills++;
                    }
                } finally {
                    holders.forEach(ChildJvm::close);
                    reclaimers.forEach(ChildJvm::close);
                }
                OwnershipAudit audit = OwnershipAudit.of(arena.memory(), layout, entries, Set.of(slot), pinned, slot,
                        stamp);
                audit.assertAccountsFor(layout);
                assertEquals(0, audit.lostInWindow(), "holders allocate before they are killed: " + audit);
                assertTrue(audit.lostMidReclaim() <= (long) Owners.BATCH * reclaimerKills, audit.lostMidReclaim()
                        + " chunks lost by " + reclaimerKills + " reclaimers killed mid-batch: " + audit);
                System.out.println("ReclaimSigkillTest round " + round + ": " + audit);
            }
            long reclaimed = arena.reclaim();
            OwnershipAudit audit = OwnershipAudit.of(arena.memory(), layout, entries, Set.of(slot), pinned, slot, stamp);
            audit.assertAccountsFor(layout);
            assertEquals(0, audit.dead(), "the last reclaim finished every dead slot: " + audit);
            assertEquals(pinned.length, audit.live());
            System.out.println("ReclaimSigkillTest: " + reclaimerKills + " reclaimers killed, racing in pairs; the last "
                    + "reclaim gave back " + reclaimed + "; " + audit.lostMidReclaim() + " chunks lost mid-batch; " + audit);
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                PoolAudit.assertTakesEachFreeChunkOnce(arena, layout, pool,
                        PoolAudit.freeCount(arena.memory(), layout, pool));
            }
        }
    }
}

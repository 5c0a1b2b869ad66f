package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.inspect.OwnersReport;
import io.arenagen.runtime.inspect.Problem;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.owner.OwnerTable;
import io.arenagen.runtime.testkit.ChildJvm;
import io.arenagen.runtime.testkit.HoldMain;
import io.arenagen.runtime.testkit.OwnerEntries;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ownership and reclamation in one and two processes: the owner entries each operation writes, the
 * chunks of a killed process given back (held, parked in its thread cache), chunks in transit never
 * given back, a closed handle's chunks given back by the next attacher, and the API on arenas without
 * reclamation.
 */
@Timeout(120)
class OwnershipTest {

    private static final long COUNT = 64;
    private static final long[] SIZES = {16, 64};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);
    private static final ShmOptions RECLAIMING = ShmOptions.defaults().withReclamation();

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    /** A fresh name; {@link ShmFixture} unlinks it, and {@link SharedMemory#unlink} its companion with it. */
    private String name(String tag) {
        return shm.name(tag);
    }

    @Test
    void everyOperationRecordsItsChunksOwner() {
        String name = name("entries");
        try (SlabAllocator arena = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES);
             OwnerEntries entries = OwnerEntries.of(name, LAYOUT)) {
            assertTrue(arena.reclamation());
            long at = arena.allocateOffset(10);
            int slot = entries.entryAt(at);
            assertTrue(OwnerEntries.isSlot(slot), "an allocated chunk records its holder's slot: " + slot);
            assertEquals(1, entries.state(slot));
            assertEquals(ProcessHandle.current().pid(), entries.pid(slot));
            arena.release(at);
            assertEquals(OwnerTable.IN_TRANSIT, entries.entryAt(at));
            arena.adopt(at);
            assertEquals(slot, entries.entryAt(at));
            arena.deallocateOffset(at);
            assertEquals(OwnerTable.NONE, entries.entryAt(at));
            try (ThreadCache cache = arena.threadCache(8)) {
                long cached = cache.allocateOffset(10);
                assertEquals(slot, entries.entryAt(cached));
                assertEquals(3, cache.parked(0), "a refill of 4 hands one out and parks three");
                assertEquals(4, entries.countOf(0, slot), "parked chunks are the handle's too");
                cache.deallocateOffset(cached);
                assertEquals(slot, entries.entryAt(cached), "parked again");
            }
            assertEquals(0, entries.countOf(0, slot), "close() of the cache gives its chunks back and clears them");
            assertEquals(0, arena.reclaim(), "nobody died");
        }
    }

    @Test
    void aKilledProcesssHeldAndParkedChunksComeBackButNotThoseInTransit() throws Exception {
        String name = name("killed");
        try (SlabAllocator arena = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES);
             OwnerEntries entries = OwnerEntries.of(name, LAYOUT)) {
            long[] held;
            long[] released;
            int parked;
            try (ChildJvm child = HoldMain.start(name, COUNT, "16,64", 16, 5, 3, 8, 2)) {
                held = offsets(child.awaitLine("held ", Duration.ofSeconds(60)));
                released = offsets(child.awaitLine("released ", Duration.ofSeconds(10)));
                parked = Integer.parseInt(child.awaitLine("parked ", Duration.ofSeconds(10)).substring(7));
                child.awaitLine("ready", Duration.ofSeconds(10));
                int childSlot = entries.entryAt(held[0]);
                assertNotEquals(entries.entryAt(arena.allocateOffset(10)), childSlot);
                assertEquals(0, arena.reclaim(), "a live process's chunks are never reclaimed");
                child.kill();
                assertEquals(held.length + parked, arena.reclaim(), "held and parked chunks come back");
                assertEquals(0, entries.state(childSlot), "the dead slot is free again");
            }
            for (long at : held) {
                assertEquals(OwnerTable.RECLAIMING, entries.entryAt(at));
            }
            for (long at : released) {
                assertEquals(OwnerTable.IN_TRANSIT, entries.entryAt(at), "in transit: never reclaimed");
            }
            assertEquals(COUNT - 1 - released.length, PoolAudit.freeCount(arena.memory(), LAYOUT, 0),
                    "everything but this process's chunk and those in transit is free");
            assertEquals(0, arena.reclaim(), "reclaimed once");
        }
    }

    @Test
    void theInspectorWarnsOfChunksHeldByTheDeadAndReclaimsThemOnRequest() throws Exception {
        String name = name("inspected");
        try (SlabAllocator arena = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES)) {
            long mine = arena.allocateOffset(64);
            arena.release(arena.allocateOffset(16));
            try (ChildJvm child = HoldMain.start(name, COUNT, "16,64", 64, 7, 0, 0, 0)) {
                child.awaitLine("ready", Duration.ofSeconds(60));
                ArenaReport alive = SharedMemory.inspect(name);
                assertTrue(alive.owners().isPresent());
                assertEquals(0, alive.owners().get().heldByDead(), alive.toString());
                assertTrue(alive.problems().stream().noneMatch(p -> p.kind() == Problem.Kind.HELD_BY_DEAD));
                child.kill();
            }
            ArenaReport dead = SharedMemory.inspect(name);
            OwnersReport owners = dead.owners().orElseThrow();
            assertEquals(7, owners.heldByDead(), owners.toString());
            assertEquals(1, owners.inTransit());
            assertEquals(2, owners.slots().size(), "this process's slot and the dead one: " + owners);
            Problem warning = dead.problems().stream().filter(p -> p.kind() == Problem.Kind.HELD_BY_DEAD).findFirst()
                    .orElseThrow(() -> new AssertionError(dead.problems().toString()));
            assertEquals(Problem.Severity.WARNING, warning.severity());
            assertTrue(warning.message().startsWith("7 chunks are held by dead process slot "), warning.message());
            assertFalse(dead.hasErrors(), dead.problems().toString());

            assertEquals(7, SharedMemory.reclaim(name));
            assertEquals(0, SharedMemory.reclaim(name));
            ArenaReport after = SharedMemory.inspect(name);
            assertEquals(0, after.owners().orElseThrow().heldByDead());
            assertEquals(1, after.owners().orElseThrow().slots().size(), "only this process's slot is in use");
            assertEquals(COUNT - 1, after.pools().get(1).stats().free());
            assertEquals(entriesSlot(name, mine), after.owners().orElseThrow().slots().getFirst().slot());
        }
    }

    private static int entriesSlot(String name, long offset) {
        try (OwnerEntries entries = OwnerEntries.of(name, LAYOUT)) {
            return entries.entryAt(offset);
        }
    }

    @Test
    void twoReclaimersRacingForOneDeadSlotGiveItsChunksBackOnce() throws Exception {
        long count = 4096;
        String name = name("race");
        ArenaLayout layout = ArenaLayout.of(count, 16);
        try (SlabAllocator one = SlabArenas.shared(name, RECLAIMING, count, 16);
             SlabAllocator two = SlabArenas.shared(name, RECLAIMING, count, 16)) {
            for (int round = 0; round < 5; round++) {
                SlabAllocator dying = SlabArenas.shared(name, RECLAIMING, count, 16);
                for (int i = 0; i < 3000; i++) {
                    dying.allocateOffset(16);
                }
                dying.close(); // dead to the others, its 3000 chunks recorded
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.atomic.AtomicLong second = new java.util.concurrent.atomic.AtomicLong();
                Thread rival = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    second.set(two.reclaim());
                });
                rival.start();
                start.await();
                long first = one.reclaim();
                rival.join(10_000);
                assertEquals(3000, first + second.get(), "round " + round + ": " + first + " + " + second.get());
                assertEquals(count, PoolAudit.freeCount(one.memory(), layout, 0), "every chunk once on the list");
            }
        }
    }

    @Test
    void aClosedHandlesChunksComeBackWithTheNextAttacher() {
        String name = name("closed");
        SlabAllocator first = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES);
        for (int i = 0; i < 3; i++) {
            first.allocateOffset(64);
        }
        first.close();
        try (SlabAllocator second = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES)) {
            assertEquals(COUNT, PoolAudit.freeCount(second.memory(), LAYOUT, 1), "reclaimed at attach");
            assertEquals(0, second.reclaim());
        }
    }

    @Test
    void twoHandlesOfOneProcessAreTwoOwners() {
        String name = name("handles");
        try (SlabAllocator one = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES);
             SlabAllocator two = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES);
             OwnerEntries entries = OwnerEntries.of(name, LAYOUT)) {
            long a = one.allocateOffset(16);
            long b = two.allocateOffset(16);
            assertNotEquals(entries.entryAt(a), entries.entryAt(b));
            assertEquals(0, one.reclaim(), "the other handle's lock is held: it is alive");
            assertEquals(0, two.reclaim());
        }
    }

    @Test
    void checkedModeCatchesWhatOneHandleCanSeeOfTheContract() {
        String name = name("checked");
        try (SlabAllocator arena = SlabArenas.checked(SlabArenas.shared(name, RECLAIMING, COUNT, SIZES));
             OwnerEntries entries = OwnerEntries.of(name, LAYOUT)) {
            assertTrue(arena.reclamation());
            long at = arena.allocateOffset(16);
            IllegalStateException adoptHeld = assertThrows(IllegalStateException.class, () -> arena.adopt(at));
            assertTrue(adoptHeld.getMessage().contains("is held by this handle already"), adoptHeld.getMessage());
            arena.release(at);
            assertEquals(OwnerTable.IN_TRANSIT, entries.entryAt(at));
            IllegalStateException freeReleased = assertThrows(IllegalStateException.class,
                    () -> arena.deallocateOffset(at));
            assertTrue(freeReleased.getMessage().contains("was released by this handle: it is in transit"),
                    freeReleased.getMessage());
            assertEquals(OwnerTable.IN_TRANSIT, entries.entryAt(at), "refused before anything changed");
            IllegalStateException releaseTwice = assertThrows(IllegalStateException.class, () -> arena.release(at));
            assertTrue(releaseTwice.getMessage().contains("is not held by this handle"), releaseTwice.getMessage());
            IllegalStateException inside = assertThrows(IllegalStateException.class, () -> arena.adopt(at + 4));
            assertTrue(inside.getMessage().contains("adopt the chunk's start"), inside.getMessage());
            arena.adopt(at);
            arena.deallocateOffset(at);
            assertEquals(OwnerTable.NONE, entries.entryAt(at));
            try (ThreadCache cache = arena.threadCache(4)) {
                long cached = cache.allocateOffset(16);
                cache.release(cached);
                assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(cached));
                cache.adopt(cached);
                cache.deallocateOffset(cached);
            }
        }
    }

    @Test
    void arenasWithoutReclamationIgnoreReleaseAndAdoptAndRefuseReclaim() {
        try (SlabAllocator local = SlabArenas.local(COUNT, SIZES)) {
            assertFalse(local.reclamation());
            long at = local.allocateOffset(16);
            local.release(at);
            local.adopt(at);
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, local::reclaim);
            assertTrue(refused.getMessage().contains("withReclamation()"), refused.getMessage());
        }
    }

    @Test
    void aNameWithoutRoomForTheCompanionIsRefusedBeforeAnythingIsCreated() {
        String name = "/" + "n".repeat(250);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.shared(name, RECLAIMING, COUNT, SIZES));
        assertTrue(refused.getMessage().contains("at most 248 bytes"), refused.getMessage());
        assertFalse(java.nio.file.Files.exists(ShmFixture.file(name)));
    }

    private static long[] offsets(String line) {
        String list = line.substring(line.indexOf(' ') + 1).strip();
        return list.isEmpty() ? new long[0] : Arrays.stream(list.split(",")).mapToLong(Long::parseLong).toArray();
    }
}

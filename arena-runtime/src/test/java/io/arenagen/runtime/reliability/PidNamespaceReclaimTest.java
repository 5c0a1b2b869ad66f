package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.inspect.OwnersReport;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.ChildJvm;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.HoldMain;
import io.arenagen.runtime.testkit.OwnerEntries;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Liveness without pids: holders in fresh pid namespaces ({@code unshare --pid --fork}, root only) are
 * all pid 1, so every one of them reuses the pid of the others, dead or alive. Killing one must give
 * back its chunks and only its own; the survivor with the very same pid keeps every chunk, and a third
 * process, pid 1 again, that attaches after the death reclaims nothing of the survivor's.
 */
@Tag("stress")
@Timeout(180)
class PidNamespaceReclaimTest {

    private static final long COUNT = 256;
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, 16);
    private static final List<String> FRESH_PID_NAMESPACE = List.of("unshare", "--pid", "--fork", "--kill-child");

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void aReusedPidInAnotherNamespaceNeitherKeepsADeadSlotAliveNorLosesALiveOne() throws Exception {
        HostileHost.assumeRootWith("unshare");
        String name = shm.name("pidns");
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withReclamation(), COUNT, 16);
             OwnerEntries entries = OwnerEntries.of(name, LAYOUT);
             ChildJvm doomed = HoldMain.startWrapped(FRESH_PID_NAMESPACE, name, COUNT, "16", 16, 20);
             ChildJvm survivor = HoldMain.startWrapped(FRESH_PID_NAMESPACE, name, COUNT, "16", 16, 30)) {
            long[] doomedHeld = held(doomed);
            long[] survivorHeld = held(survivor);
            assertEquals("pid 1", doomed.awaitLine("pid ", Duration.ofSeconds(10)), "a fresh pid namespace's first pid");
            assertEquals("pid 1", survivor.awaitLine("pid ", Duration.ofSeconds(10)));
            doomed.awaitLine("ready", Duration.ofSeconds(10));
            survivor.awaitLine("ready", Duration.ofSeconds(10));
            int doomedSlot = entries.entryAt(doomedHeld[0]);
            int survivorSlot = entries.entryAt(survivorHeld[0]);
            assertNotEquals(doomedSlot, survivorSlot);
            assertEquals(1, entries.pid(doomedSlot));
            assertEquals(1, entries.pid(survivorSlot), "both slots record pid 1");

            kill(doomed);
            OwnersReport owners = SharedMemory.inspect(name).owners().orElseThrow();
            assertEquals(20, owners.heldByDead(), "the dead pid 1's chunks, not the live pid 1's: " + owners);

            try (ChildJvm third = HoldMain.startWrapped(FRESH_PID_NAMESPACE, name, COUNT, "16", 16, 1)) {
                long[] thirdHeld = held(third); // attached, pid 1 again, and reclaimed the dead slot at attach
                third.awaitLine("ready", Duration.ofSeconds(10));
                assertEquals(0, arena.reclaim(), "the third process's attach reclaimed the dead slot already");
                for (long at : doomedHeld) {
                    assertTrue(entries.entryAt(at) != doomedSlot, "reclaimed: " + at);
                }
                for (long at : survivorHeld) {
                    assertEquals(survivorSlot, entries.entryAt(at), "the live pid 1 keeps its chunk at " + at);
                    assertTrue(ChunkStamp.read(arena.memory(), at) != 0, "and nobody else took it");
                }
                assertTrue(Arrays.stream(thirdHeld).allMatch(at -> entries.entryAt(at) != survivorSlot));
            }
        }
    }

    /**
     * SIGKILL to the JVM inside the namespace (the {@code unshare} process's descendants) and to
     * {@code unshare}, waiting until each is gone: {@code --kill-child} alone kills the JVM only after
     * {@code unshare} is gone, asynchronously.
     */
    private static void kill(ChildJvm child) throws Exception {
        List<ProcessHandle> inside = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();
        for (ProcessHandle process : inside) {
            process.destroyForcibly();
        }
        for (ProcessHandle process : inside) {
            process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        child.kill();
    }

    private static long[] held(ChildJvm child) throws InterruptedException {
        String line = child.awaitLine("held ", Duration.ofSeconds(90));
        return Arrays.stream(line.substring(5).split(",")).mapToLong(Long::parseLong).toArray();
    }
}

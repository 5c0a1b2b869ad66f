package io.arenagen.examples.reclaim;

import io.arenagen.examples.guide.ReclaimingArena;
import io.arenagen.examples.guide.ReclaimingArenaImpl;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.inspect.OwnersReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated {@link ReclaimingArena} across processes: a child holding chunks (through the arena and a
 * thread cache) is killed with SIGKILL; the companion shows its slot dead with every chunk it held; the next
 * generated handle to attach gets them back, and hands out every chunk that is not this live process's
 * exactly once (stamps: a chunk handed out carries no live process's stamp). A run-time arena of the same
 * configuration ({@code SlabArenas.shared} with reclamation) reclaims a killed generated child's chunks too.
 */
@Timeout(120)
class ReclaimingArenaSigkillTest {

    private static final long COUNT = 256;

    private final String name = "/arenagen-examples-sigkill-" + ProcessHandle.current().pid();

    @AfterEach
    void unlink() {
        SharedMemory.unlink(name);
    }

    @Test
    void theNextGeneratedAttacherGetsAKilledChildsChunksBackAndHandsEachOutOnce() throws Exception {
        long me = ProcessHandle.current().pid();
        try (ReclaimingArena mine = new ReclaimingArenaImpl(name)) {
            Set<Long> ours = new HashSet<>();
            for (int i = 0; i < 16; i++) {                     // a live process's chunks: never handed out again
                long at = mine.allocateOffset(64);
                mine.memory().set(ValueLayout.JAVA_LONG, at, me);
                ours.add(at);
            }
            Killed child = holdAndKill(100, 3);
            OwnersReport before = SharedMemory.inspect(name).owners().orElseThrow();
            OwnersReport.SlotReport dead = before.slots().stream().filter(slot -> slot.pid() == child.pid)
                    .findFirst().orElseThrow(() -> new AssertionError("no slot of the child: " + before));
            assertFalse(dead.alive(), before.toString());
            // 100 + 3 held, 4 taken from the cache and the rest of its refill batch (8) parked
            assertEquals(100 + 3 + 8, dead.chunks(), before.toString());
            try (ReclaimingArena next = new ReclaimingArenaImpl(name)) { // attaching reclaims every dead slot
                OwnersReport after = SharedMemory.inspect(name).owners().orElseThrow();
                assertTrue(after.slots().stream().noneMatch(slot -> slot.pid() == child.pid), after.toString());
                Set<Long> handedOut = new HashSet<>();
                drain(next, 64, me, ours, handedOut);
                drain(next, 1024, me, ours, handedOut);
                assertEquals(2 * COUNT - ours.size(), handedOut.size(), "every chunk but ours, each once");
                assertTrue(handedOut.containsAll(child.held), "the child's chunks came back");
            }
            for (long at : ours) {
                assertEquals(me, mine.memory().get(ValueLayout.JAVA_LONG, at), "our chunk was handed to nobody");
            }
        }
    }

    @Test
    void aRunTimeArenaOfTheSameConfigurationReclaimsAKilledGeneratedChild() throws Exception {
        try (SlabAllocator runtime = SlabArenas.shared(name, ShmOptions.defaults().withReclamation(), COUNT, 64, 1024)) {
            Killed child = holdAndKill(10, 2);
            assertEquals(10 + 2 + 8, runtime.reclaim(), "the chunks the generated child held and parked");
            Set<Long> handedOut = new HashSet<>();
            drain(runtime, 64, ProcessHandle.current().pid(), Set.of(), handedOut);
            drain(runtime, 1024, ProcessHandle.current().pid(), Set.of(), handedOut);
            assertEquals(2 * COUNT, handedOut.size());
            assertTrue(handedOut.containsAll(child.held));
        }
    }

    /** Allocates every free chunk of {@code size}: each new to {@code handedOut}, none of ours; stamps them. */
    private static void drain(SlabAllocator arena, long size, long me, Set<Long> ours, Set<Long> handedOut) {
        for (long at = arena.tryAllocateOffset(size); at >= 0; at = arena.tryAllocateOffset(size)) {
            assertTrue(handedOut.add(at), "chunk " + at + " handed out twice");
            assertFalse(ours.contains(at), "chunk " + at + " of this live process handed out");
            assertTrue(arena.memory().get(ValueLayout.JAVA_LONG, at) != me, "chunk " + at + " carries our stamp");
            arena.memory().set(ValueLayout.JAVA_LONG, at, me);
        }
    }

    /** A child that held chunks and was killed: its pid and the offsets it reported. */
    private record Killed(long pid, List<Long> held) {
    }

    /** Starts {@link HolderMain}, waits until it holds its chunks, kills it with SIGKILL and waits for its end. */
    private Killed holdAndKill(int small, int large) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HolderMain.class.getName(), name,
                Integer.toString(small), Integer.toString(large)).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<Long> held = List.of();
            StringBuilder transcript = new StringBuilder();
            for (String line = lines.readLine(); line != null && !line.equals("ready"); line = lines.readLine()) {
                transcript.append(line).append('\n');
                if (line.startsWith("held ")) {
                    held = Arrays.stream(line.substring(5).split(",")).map(Long::valueOf).collect(Collectors.toList());
                }
            }
            assertEquals(small + large + 4, held.size(), "the child's output:\n" + transcript);
            process.destroyForcibly();                          // SIGKILL: nothing of the child runs any more
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed child ended");
            assertEquals(128 + 9, process.exitValue(), "killed by SIGKILL");
            return new Killed(process.pid(), held);
        } finally {
            process.destroyForcibly();
        }
    }
}

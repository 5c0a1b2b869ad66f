package io.arenagen.runtime.memory;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.testkit.ChildJvm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A creator killed with SIGKILL while it builds a new object: the name never appears, and the temporary
 * object it leaves behind is removed by the next creator, which then publishes the object itself.
 */
@Tag("stress") // a child JVM: PIT's mutants live in this JVM
@Timeout(120)
class DeadCreatorTest {

    private final UniqueShmNames names = new UniqueShmNames("dead-creator");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    @Test
    void theTemporaryOfAKilledCreatorIsRemovedByTheNextCreator() throws Exception {
        String name = names.next();
        long childPid;
        try (ChildJvm child = ChildJvm.start(DyingCreatorMain.class, name)) {
            child.awaitLine("BUILDING", Duration.ofSeconds(60));
            childPid = child.pid();
            child.kill();
        }
        List<String> left = temporariesOf(name);
        assertEquals(1, left.size(), "the killed creator left its temporary object: " + left);
        assertTrue(left.get(0).startsWith(name.substring(1) + ".arenagen-tmp." + ProcessLiveness.pidNamespace()
                + "." + childPid + "."), left.get(0));
        assertFalse(Files.exists(UniqueShmNames.file(name)), "the name never showed the unfinished object");
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16)) {
            assertTrue(arena.allocateOffset(16) >= 0);
        }
        assertEquals(List.of(), temporariesOf(name), "the next creator removed the leftover");
    }

    private static List<String> temporariesOf(String name) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(name.substring(1) + "."))
                    .toList();
        }
    }
}

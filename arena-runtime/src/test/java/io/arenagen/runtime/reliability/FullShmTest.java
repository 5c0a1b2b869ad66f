package io.arenagen.runtime.reliability;

import io.arenagen.runtime.testkit.ChildJvm;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code /dev/shm} too small for the arena: the creator fails with ENOSPC and a remedy, leaving no
 * name behind, and an attacher racing with it either works on a named object whose pages are all
 * reserved or gets an {@code ArenaException} — never a SIGBUS (an {@code InternalError} from FFM) on a
 * nameless object. Runs in a child JVM in a private mount namespace over a 64 KiB tmpfs, so the host's
 * {@code /dev/shm} is never filled nor left with anything.
 */
@Tag("stress") // a child JVM: PIT's mutants live in this JVM, so it would only slow mutation runs down
@Timeout(120)
class FullShmTest {

    @Test
    void fullDevShmEndsInClearErrorsAndNeverInASigbus() throws Exception {
        HostileHost.assumeMountNamespaces();
        try (ChildJvm child = ChildJvm.startWrapped(List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=64k,mode=1777 tmpfs /dev/shm && exec \"$@\"", "sh"), FullShmMain.class)) {
            String creator = child.awaitLine("CREATOR", Duration.ofSeconds(60));
            assertTrue(creator.startsWith("CREATOR ENOSPC ") && creator.contains("/full-alone")
                    && creator.contains("df -h /dev/shm") && creator.contains("was removed again"), creator);
            assertEquals("AFTER-CREATOR []", child.awaitLine("AFTER-CREATOR", Duration.ofSeconds(30)),
                    "the failed creator left neither the name nor its temporary object");
            String race = child.awaitLine("RACE", Duration.ofSeconds(90));
            assertTrue(race.endsWith(" bad=0"), "no SIGBUS, no nameless object: " + child.transcript());
            assertEquals("SMALL ok", child.awaitLine("SMALL", Duration.ofSeconds(30)), child.transcript());
            assertEquals("LEFT []", child.awaitLine("LEFT", Duration.ofSeconds(30)), "nothing left behind");
            assertEquals(0, child.awaitExit(Duration.ofSeconds(30)), child.transcript());
        }
    }

    /**
     * A {@code /dev/shm} without a free inode for the name: the object is built under its temporary name,
     * but publishing it ({@code link(2)}) fails. A clear error, and nothing is left, neither name nor
     * temporary.
     */
    @Test
    void aPublishThatFailsLeavesNeitherNameNorTemporary() throws Exception {
        HostileHost.assumeMountNamespaces();
        try (ChildJvm child = ChildJvm.startWrapped(List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=1m,nr_inodes=2,mode=1777 tmpfs /dev/shm && exec \"$@\"", "sh"),
                NoInodeShmMain.class)) {
            String link = child.awaitLine("LINK", Duration.ofSeconds(60));
            assertTrue(link.startsWith("LINK ENOSPC link(/dev/shm/no-inode.arenagen-tmp.")
                    && link.contains(", /dev/shm/no-inode), which publishes the new shared object /no-inode, failed")
                    && link.contains("Nothing was published") && link.contains("df -i /dev/shm"), link);
            assertEquals("LEFT []", child.awaitLine("LEFT", Duration.ofSeconds(30)), "nothing left behind");
            assertEquals(0, child.awaitExit(Duration.ofSeconds(30)), child.transcript());
        }
    }
}

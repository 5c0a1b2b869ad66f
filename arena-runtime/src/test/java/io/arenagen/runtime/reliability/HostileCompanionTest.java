package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.inspect.Problem;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.OwnerEntries;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A companion object that is not what an arena with reclamation made for this very arena is refused as
 * an arena object would be, with a message naming what was found and the fix, and nothing is written to
 * it: foreign bytes, a wrong size, another arena's companion, a companion of an earlier object of the same
 * name, entries that name no slot, another owner. A crafted dead slot whose entries name free chunks is
 * reclaimed without pushing any chunk twice.
 */
@Timeout(60)
class HostileCompanionTest {

    private static final long COUNT = 64;
    private static final long[] SIZES = {16, 64};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);
    private static final ShmOptions RECLAIMING = ShmOptions.defaults().withReclamation();
    /** Header, 256 slots of 64 bytes, 2 bytes per chunk, rounded up to pages. */
    private static final long COMPANION_SIZE = 20480;

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    private static Path companion(String name) {
        return ShmFixture.file(name + ".owners");
    }

    /** Opens the arena with reclamation, expecting a refusal; returns its message, having checked the companion is untouched. */
    private static String refused(String name) throws Exception {
        byte[] before = Files.readAllBytes(companion(name));
        ArenaException refusal = assertThrows(ArenaException.class,
                () -> SlabArenas.shared(name, RECLAIMING, COUNT, SIZES).close());
        assertArrayEquals(before, Files.readAllBytes(companion(name)), "nothing was written to the companion");
        try (SlabAllocator plain = SlabArenas.shared(name, COUNT, SIZES)) {
            PoolAudit.assertAllFree(plain.memory(), LAYOUT); // the arena itself is intact and usable without reclamation
        }
        return refusal.getMessage();
    }

    @Test
    void foreignBytesAreRefusedByTheirMagic() throws Exception {
        String name = shm.name("foreign");
        byte[] noise = new byte[(int) COMPANION_SIZE];
        new Random(1).nextBytes(noise);
        Files.write(ShmFixture.create(name + ".owners", COMPANION_SIZE), noise);
        String message = refused(name);
        assertTrue(message.contains("the owners companion of arena " + name + ", is refused: its first word is 0x"),
                message);
        assertTrue(message.contains("not an arenagen owners object"), message);
        assertTrue(message.contains("SharedMemory.unlink(\"" + name + ".owners\")"), message);
    }

    @Test
    void aWrongSizeIsRefusedBeforeAnythingIsRead() throws Exception {
        String name = shm.name("size");
        ShmFixture.create(name + ".owners", 4096);
        String message = refused(name);
        assertTrue(message.contains("is 4096 bytes but this arena (owners of " + LAYOUT.describe() + ") needs "
                + COMPANION_SIZE + " bytes"), message);
    }

    @Test
    void anotherArenasCompanionIsRefused() throws Exception {
        String other = shm.name("other");
        String name = shm.name("mine");
        SlabArenas.shared(other, RECLAIMING, COUNT, 32, 64).close();
        Files.copy(companion(other), companion(name), StandardCopyOption.REPLACE_EXISTING);
        String message = refused(name);
        assertTrue(message.contains("it records the arena count=64, sizes=[32, 64]"), message);
        assertTrue(message.contains("not this arena's " + LAYOUT.describe()), message);
    }

    @Test
    void aCompanionOfAnEarlierObjectOfTheSameNameIsRefused() throws Exception {
        String name = shm.name("recreated");
        SlabArenas.shared(name, RECLAIMING, COUNT, SIZES).close();
        Files.delete(ShmFixture.file(name)); // the arena goes, its companion stays
        String message = refused(name);
        assertTrue(message.contains("the arena was removed and created again"), message);
    }

    @Test
    void entriesThatNameNoSlotAreRefusedAndReportedAsAnError() throws Exception {
        String name = shm.name("entries");
        SlabArenas.shared(name, RECLAIMING, COUNT, SIZES).close();
        ShmFixture.putInt(companion(name), OwnerEntries.ENTRIES_OFFSET + 2 * 5, 300); // chunk 5: slot 300
        ArenaReport report = SharedMemory.inspect(name);
        assertTrue(report.problems().stream().anyMatch(p -> p.kind() == Problem.Kind.OWNER_ENTRY_OUT_OF_RANGE
                && p.severity() == Problem.Severity.ERROR), report.problems().toString());
        String message = refused(name);
        assertTrue(message.contains("1 owner entries name no slot (the first, of chunk 5, holds 300; slots are 1 to "
                + "256)"), message);
    }

    @Test
    void aCompanionOfAnotherOwnerIsRefusedUnlessSharingAcrossUsers() throws Exception {
        HostileHost.assumeRootWith();
        String name = shm.name("owner");
        SlabArenas.shared(name, RECLAIMING, COUNT, SIZES).close();
        Files.setAttribute(companion(name), "unix:uid", 4242);
        String message = refused(name);
        assertTrue(message.contains(name + ".owners is owned by uid 4242"), message);
        try (SlabAllocator shared = SlabArenas.shared(name, RECLAIMING.withSharingAcrossUsers(), COUNT, SIZES)) {
            assertTrue(shared.reclamation());
        }
    }

    @Test
    void aCraftedDeadSlotThatClaimsFreeChunksPushesNoneTwice() throws Exception {
        String name = shm.name("crafted");
        SlabArenas.shared(name, RECLAIMING, COUNT, SIZES).close(); // slot 1 now dead, holding nothing
        for (int chunk = 0; chunk < 4; chunk++) {
            ShmFixture.putInt(companion(name), OwnerEntries.ENTRIES_OFFSET + 4L * chunk, 0x0001_0001); // free chunks
        }
        try (SlabAllocator arena = SlabArenas.shared(name, RECLAIMING, COUNT, SIZES);
             OwnerEntries entries = OwnerEntries.of(name, LAYOUT)) {
            PoolAudit.assertAllFree(arena.memory(), LAYOUT); // a cycle or a duplicate fails here
            for (int chunk = 0; chunk < 8; chunk++) {
                assertEquals(0, entries.entry(0, chunk), "the crafted entry is cleared, not reclaimed");
            }
        }
    }
}

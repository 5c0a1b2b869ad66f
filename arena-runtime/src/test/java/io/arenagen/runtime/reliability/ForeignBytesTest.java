package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes under our name that no arena wrote: refused with a clear {@link ArenaException}, and not
 * one byte of the object changed, whichever pool the foreign bytes are found in.
 */
@Timeout(30)
class ForeignBytesTest {

    private static final long COUNT = 8;
    private static final long[] SIZES = {64, 256};

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    void garbageEverywhereIsRefusedAndLeftUntouched() throws Exception {
        String name = shm.name("garbage");
        Path file = craft(name);
        byte[] garbage = new byte[(int) Files.size(file)];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);
        assertRefusedUntouched(name, file, "0x");
    }

    @Test
    void garbageMagicInAPoolBehindAFreshOneIsRefusedBeforeAnyPoolIsTouched() throws Exception {
        String name = shm.name("second-pool");
        Path file = craft(name);
        ArenaLayout layout = ArenaLayout.of(COUNT, SIZES);
        ShmFixture.putLong(file, layout.poolOffset(1), 0x0123_4567_89AB_CDEFL);
        assertRefusedUntouched(name, file, "pool 1");
    }

    @Test
    void zeroMagicOverNonZeroHeaderIsForeign() throws Exception {
        String name = shm.name("zero-magic");
        Path file = craft(name);
        ShmFixture.putLong(file, PoolHeader.TAG_OFFSET + 16, 0x7777L); // magic 0 but header bytes that no creator wrote
        assertRefusedUntouched(name, file,
                "pool 0 (count=8, sizes=[64, 256]) has an uninitialized magic but a non-zero header (0x7777 at byte 24)");
    }

    @Test
    void readyMagicWithAForeignDescriptorTagIsRefused() throws Exception {
        String name = shm.name("bad-tag");
        Path file = craft(name);
        ShmFixture.putLong(file, PoolHeader.MAGIC_OFFSET, PoolHeader.MAGIC_READY);
        ShmFixture.putInt(file, PoolHeader.TAG_OFFSET, 0x12345678);
        assertRefusedUntouched(name, file, "foreign bytes");
    }

    @Test
    void unknownDescriptorVersionIsRefused() throws Exception {
        String name = shm.name("version");
        Path file = craft(name);
        ShmFixture.putLong(file, PoolHeader.MAGIC_OFFSET, PoolHeader.MAGIC_READY);
        ShmFixture.putInt(file, PoolHeader.TAG_OFFSET, PoolHeader.DESCRIPTOR_TAG);
        ShmFixture.putInt(file, PoolHeader.VERSION_OFFSET, 3);
        assertRefusedUntouched(name, file, "version 3");
    }

    /** Version 1 put chunks at 128: an object of that layout must be refused, never read with links at 80. */
    @Test
    void anObjectOfTheOldLayoutWithChunksAt128IsRefusedNotReinterpreted() throws Exception {
        String name = shm.name("v1");
        ArenaLayout layout = ArenaLayout.of(COUNT, SIZES);
        Path file = craft(name);
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            long base = layout.poolOffset(pool);
            ShmFixture.putLong(file, base + PoolHeader.MAGIC_OFFSET, PoolHeader.MAGIC_READY);
            ShmFixture.putInt(file, base + PoolHeader.TAG_OFFSET, PoolHeader.DESCRIPTOR_TAG);
            ShmFixture.putInt(file, base + PoolHeader.VERSION_OFFSET, 1);
            ShmFixture.putInt(file, base + PoolHeader.POOL_INDEX_OFFSET, pool);
            ShmFixture.putInt(file, base + PoolHeader.POOL_COUNT_OFFSET, layout.poolCount());
            ShmFixture.putLong(file, base + PoolHeader.CHUNK_SIZE_OFFSET, layout.chunkSize(pool));
            ShmFixture.putLong(file, base + PoolHeader.CHUNK_COUNT_OFFSET, COUNT);
            ShmFixture.putLong(file, base + PoolHeader.TOTAL_SIZE_OFFSET, layout.totalSize());
            for (long i = 0; i < COUNT; i++) { // the old initial list, links at 128 + i * size
                ShmFixture.putInt(file, base + 128 + i * layout.chunkSize(pool), i + 1 < COUNT ? (int) (i + 1) : -1);
            }
        }
        assertRefusedUntouched(name, file, "created by an older arenagen (layout descriptor version 1) with an "
                + "incompatible layout: its chunks start 128 bytes into each pool");
        assertRefusedUntouched(name, file, "remove it (SharedMemory.unlink)");
    }

    private static Path craft(String name) throws Exception {
        return ShmFixture.create(name, ShmFixture.objectSize(ArenaLayout.of(COUNT, SIZES)));
    }

    private static void assertRefusedUntouched(String name, Path file, String detail) throws Exception {
        byte[] before = Files.readAllBytes(file);
        ArenaException e = assertThrows(ArenaException.class, () -> SlabArenas.shared(name, COUNT, SIZES).close());
        assertTrue(e.getMessage().contains(name), "names the object: " + e.getMessage());
        assertTrue(e.getMessage().contains(detail), "says what is wrong (" + detail + "): " + e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the object's bytes changed");
    }
}

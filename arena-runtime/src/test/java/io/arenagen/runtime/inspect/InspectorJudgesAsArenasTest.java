package io.arenagen.runtime.inspect;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.UniqueShmNames;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.ProcessLiveness;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One table of crafted objects — every refusal of {@code ForeignBytesTest}, {@code LayoutDescriptorTest} and
 * {@code CraftedFreeListTest}, the C++-made ones, and objects an arena accepts — each judged twice: by an arena
 * of {@code count=8, sizes=[64, 256]} opening it, and by {@link SharedMemory#inspect(String, long, long...)}
 * with that configuration. The arena refuses exactly when the inspector reports an error or says that the
 * configuration does not fit, and the inspector changes no byte. Before the inspector asked the attach check,
 * seven rows disagreed: "no error" for a fresh magic over a non-zero header, a foreign tag in a later pool,
 * version 3 in every pool, a descriptor whose total disagrees, a C++ pool read fresh under a wrong count and
 * a busy C++ pool; and an error for the busy pool of a dead initializer, which an arena takes over.
 */
@Timeout(60)
class InspectorJudgesAsArenasTest {

    private static final long COUNT = 8;
    private static final long[] SIZES = {64, 256};
    private static final ArenaLayout LAYOUT = ArenaLayout.of(COUNT, SIZES);
    /** Short, so that the rows where an arena waits for a C++ creator end quickly. */
    private static final ShmOptions OPTIONS = ShmOptions.defaults().withInitTimeout(Duration.ofMillis(300));

    private final UniqueShmNames names = new UniqueShmNames("verdicts");

    @AfterEach
    void unlink() {
        names.unlinkAll();
    }

    /** Leaves the object to judge under {@code name}. */
    private interface Craft {
        void into(String name, Path file) throws Exception;
    }

    private record Row(String what, boolean refused, Craft craft) {
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("healthy", false, (name, file) -> SlabArenas.shared(name, COUNT, SIZES).close()));
        rows.add(new Row("healthy, pool 0 exhausted", false, (name, file) -> {
            try (SlabAllocator arena = SlabArenas.shared(name, COUNT, SIZES)) {
                for (int i = 0; i < COUNT; i++) {
                    arena.allocateOffset(64);
                }
            }
        }));
        rows.add(new Row("all zero: fresh, the next arena initializes it", false, (name, file) -> zeros(name)));
        rows.add(new Row("garbage everywhere", true, (name, file) -> {
            zeros(name);
            byte[] garbage = new byte[(int) Files.size(file)];
            new Random(42).nextBytes(garbage);
            Files.write(file, garbage);
        }));
        rows.add(new Row("foreign magic in pool 1", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putLong(file, LAYOUT.poolOffset(1), 0x0123_4567_89AB_CDEFL);
        }));
        rows.add(new Row("fresh magic over a non-zero header", true, (name, file) -> {
            zeros(name);
            putLong(file, PoolHeader.TAG_OFFSET + 16, 0x7777L);
        }));
        rows.add(new Row("ready with a foreign descriptor tag", true, (name, file) -> {
            zeros(name);
            putLong(file, PoolHeader.MAGIC_OFFSET, PoolHeader.MAGIC_READY);
            putInt(file, PoolHeader.TAG_OFFSET, 0x12345678);
        }));
        rows.add(new Row("foreign descriptor tag in a later pool", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putInt(file, LAYOUT.poolOffset(1) + PoolHeader.TAG_OFFSET, 0x12345678);
        }));
        rows.add(new Row("unknown descriptor version 3 in pool 0 only", true, (name, file) -> {
            zeros(name);
            putLong(file, PoolHeader.MAGIC_OFFSET, PoolHeader.MAGIC_READY);
            putInt(file, PoolHeader.TAG_OFFSET, PoolHeader.DESCRIPTOR_TAG);
            putInt(file, PoolHeader.VERSION_OFFSET, 3);
        }));
        rows.add(new Row("unknown descriptor version 3 in every pool", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            for (int pool = 0; pool < LAYOUT.poolCount(); pool++) {
                putInt(file, LAYOUT.poolOffset(pool) + PoolHeader.VERSION_OFFSET, 3);
            }
        }));
        rows.add(new Row("the old layout, version 1, chunks at 128", true, (name, file) -> version1(name, file)));
        rows.add(new Row("descriptor of another count on the same page", true,
                (name, file) -> SlabArenas.shared(name, 4, SIZES).close()));
        rows.add(new Row("descriptor of another page count", true,
                (name, file) -> SlabArenas.shared(name, COUNT, 64, 256, 8192).close()));
        rows.add(new Row("descriptor of count=4, sizes=[128, 512]: the same footprint", true,
                (name, file) -> SlabArenas.shared(name, 4, 128, 512).close()));
        rows.add(new Row("descriptor whose total disagrees", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putLong(file, PoolHeader.TOTAL_SIZE_OFFSET, 999);
        }));
        rows.add(new Row("resized to two pages", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(2L * Libc.pageSize());
            }
        }));
        rows.add(new Row("head index equal to the count", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putLong(file, LAYOUT.headOffset(0), (3L << 32) | COUNT);
        }));
        rows.add(new Row("huge head index", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putLong(file, LAYOUT.headOffset(1), 0xFFFF_FFFEL);
        }));
        rows.add(new Row("link out of range", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putInt(file, LAYOUT.chunksOffset(1) + 4 * 256, 1000);
        }));
        rows.add(new Row("cycle", true, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putInt(file, LAYOUT.chunksOffset(0) + 5 * 64, 2);
        }));
        rows.add(new Row("busy pool of a dead initializer: an arena takes it over", false, (name, file) -> {
            SlabArenas.shared(name, COUNT, SIZES).close();
            putLong(file, LAYOUT.poolOffset(1), PoolHeader.MAGIC_BUSY);
            putLong(file, LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_OFFSET, deadPid());
            putLong(file, LAYOUT.poolOffset(1) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET,
                    ProcessLiveness.pidNamespace());
        }));
        rows.add(new Row("C++-made, this configuration", false, (name, file) -> cpp(name, file, LAYOUT)));
        rows.add(new Row("C++-made, count=16, sizes=[32, 128]: same size and pool offsets", true,
                (name, file) -> cpp(name, file, ArenaLayout.of(16, 32, 128))));
        rows.add(new Row("C++-made, sizes=[64, 128]: a wrong --sizes on the same page", true,
                (name, file) -> cpp(name, file, ArenaLayout.of(COUNT, 64, 128))));
        rows.add(new Row("C++-made, count=4: a wrong --count on the same page, pool 1 reads fresh", true,
                (name, file) -> cpp(name, file, ArenaLayout.of(4, SIZES))));
        rows.add(new Row("C++-made, a head index beyond the count", true, (name, file) -> {
            cpp(name, file, LAYOUT);
            putLong(file, LAYOUT.headOffset(0), 9L);
        }));
        rows.add(new Row("C++-made, pool 0 in use down to its last chunk", false, (name, file) -> {
            cpp(name, file, LAYOUT);
            putLong(file, LAYOUT.headOffset(0), (7L << 32) | 7);
        }));
        rows.add(new Row("C++-made, pool 1 left busy", true, (name, file) -> {
            cpp(name, file, LAYOUT);
            putLong(file, LAYOUT.poolOffset(1), PoolHeader.MAGIC_BUSY);
        }));
        return rows;
    }

    @Test
    void theArenaRefusesExactlyWhenTheInspectorReportsAnErrorAndTheInspectorWritesNothing() throws Exception {
        List<String> verdicts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (Row row : rows()) {
            String name = names.next();
            Path file = UniqueShmNames.file(name);
            row.craft().into(name, file);
            byte[] before = Files.readAllBytes(file);
            String inspector = inspectorVerdict(name);
            assertArrayEquals(before, Files.readAllBytes(file), row.what() + ": the inspector changed the object");
            boolean refused = arenaRefuses(name);
            verdicts.add(row.what() + ": arena " + (refused ? "refuses" : "attaches") + ", inspector " + inspector);
            expected.add(row.what() + ": arena " + (row.refused() ? "refuses" : "attaches") + ", inspector "
                    + (row.refused() ? "error" : "no error"));
        }
        assertEquals(String.join("\n", expected), String.join("\n", verdicts));
    }

    /** "error" when the report has errors or the configuration does not fit, "no error" otherwise. */
    private static String inspectorVerdict(String name) {
        try {
            return SharedMemory.inspect(name, COUNT, SIZES).hasErrors() ? "error" : "no error";
        } catch (IllegalArgumentException doesNotFit) {
            return "error";
        }
    }

    private static boolean arenaRefuses(String name) {
        try {
            SlabArenas.shared(name, OPTIONS, COUNT, SIZES).close();
            return false;
        } catch (ArenaException refused) {
            return true;
        }
    }

    /** A pid that no process has now: a child that ran and was reaped. */
    static long deadPid() throws IOException, InterruptedException {
        Process child = new ProcessBuilder("true").start();
        child.waitFor();
        return child.pid();
    }

    static void zeros(String name) throws IOException {
        Path file = Files.createFile(UniqueShmNames.file(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(LAYOUT.mappedSize(Libc.pageSize()));
        }
    }

    /** What the C++ {@code BasicArena} constructor leaves for {@code cpp}: no descriptor, every list full. */
    static void cpp(String name, Path file, ArenaLayout cpp) throws IOException {
        zeros(name);
        for (int pool = 0; pool < cpp.poolCount(); pool++) {
            for (long i = 0; i < cpp.count(); i++) {
                putInt(file, cpp.chunksOffset(pool) + i * cpp.chunkSize(pool),
                        i + 1 < cpp.count() ? (int) (i + 1) : PoolHeader.EMPTY_INDEX);
            }
            putLong(file, cpp.headOffset(pool), 0L);
            putLong(file, cpp.poolOffset(pool), PoolHeader.MAGIC_READY);
        }
    }

    /** An object of arenagen before 0.2: descriptor version 1, links at 128 + i × size. */
    static void version1(String name, Path file) throws IOException {
        zeros(name);
        for (int pool = 0; pool < LAYOUT.poolCount(); pool++) {
            long base = LAYOUT.poolOffset(pool);
            putLong(file, base + PoolHeader.MAGIC_OFFSET, PoolHeader.MAGIC_READY);
            putInt(file, base + PoolHeader.TAG_OFFSET, PoolHeader.DESCRIPTOR_TAG);
            putInt(file, base + PoolHeader.VERSION_OFFSET, 1);
            putInt(file, base + PoolHeader.POOL_INDEX_OFFSET, pool);
            putInt(file, base + PoolHeader.POOL_COUNT_OFFSET, LAYOUT.poolCount());
            putLong(file, base + PoolHeader.CHUNK_SIZE_OFFSET, LAYOUT.chunkSize(pool));
            putLong(file, base + PoolHeader.CHUNK_COUNT_OFFSET, COUNT);
            putLong(file, base + PoolHeader.TOTAL_SIZE_OFFSET, LAYOUT.totalSize());
            for (long i = 0; i < COUNT; i++) {
                putInt(file, base + 128 + i * LAYOUT.chunkSize(pool), i + 1 < COUNT ? (int) (i + 1) : -1);
            }
        }
    }

    static void putLong(Path file, long offset, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }

    static void putInt(Path file, long offset, int value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
    }
}

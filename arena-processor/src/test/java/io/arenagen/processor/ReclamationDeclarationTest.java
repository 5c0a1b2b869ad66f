package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.compileFailing;
import static io.arenagen.processor.GeneratedArenaTest.construct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.ThreadCache;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ShmName;
import io.arenagen.runtime.owner.OwnerTable;
import io.arenagen.runtime.pool.AbstractSlabArena;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code @Arena(reclamation = true)}: the compile-time checks (LOCAL, confined, a name without room for the
 * companion, with the runtime's message), all reported at once on the exact value; the generated class's owner
 * stores on every path (allocate, tryAllocate, promotion, typed allocation, free, the segment API and the
 * generated thread cache), read back per chunk from the handle's own {@link OwnerTable}; reclamation on
 * whatever options a constructor gets; checked mode's view of release and adopt; and a generated and a
 * run-time arena on one object, each reclaiming the other's chunks once that handle is gone (a closed handle
 * is a dead one, see docs/reclamation.md).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ReclamationDeclarationTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final List<String> names = new ArrayList<>();

    /** A shared-memory name unique to this run, unlinked (with its companion) after the test. */
    private String name() {
        String name = "/ag-proc-reclaim-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        names.add(name);
        return name;
    }

    @AfterEach
    void unlink() {
        names.forEach(SharedMemory::unlink);
    }

    private static JavaFileObject declaration(String... annotation) {
        List<String> lines = new ArrayList<>(List.of(
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.runtime.SlabAllocator;"));
        lines.addAll(List.of(annotation));
        lines.add("public interface Bad extends SlabAllocator {}");
        return ArenaCompilation.source("p.Bad", lines.toArray(String[]::new));
    }

    @Test
    void reclamationOnALocalArenaIsReportedOnReclamation() {
        JavaFileObject source = declaration(
                "@Arena(count = 4, sizes = {64},",
                "       reclamation = true)");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaReclamationLocal] reclamation = true on a LOCAL arena: "
                + "reclamation gives back the chunks of a process that died").inFile(source).onLine(6).atColumn(22);
        assertThat(compilation).hadErrorContaining("add backend = Backend.SHM");
    }

    @Test
    void reclamationOnAConfinedArenaIsReportedOnReclamationOnce() {
        JavaFileObject source = declaration(
                "@Arena(count = 4, sizes = {64}, confined = true,",
                "       reclamation = true)");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaReclamationConfined] reclamation = true on a confined arena")
                .inFile(source).onLine(6).atColumn(22);
        assertThat(compilation).hadErrorContaining("remove reclamation, or remove confined");
    }

    @Test
    void aNameWithoutRoomForTheCompanionIsReportedOnNameWithTheRuntimesMessage() {
        String longest = "/" + "n".repeat(ShmName.MAX_BYTES_WITH_COMPANION - 1);
        String tooLong = longest + "x";
        String message = ShmName.companionViolation(tooLong).orElseThrow();
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.shared(tooLong, ShmOptions.defaults().withReclamation(), 4, 64));
        assertEquals(message, thrown.getMessage(), "the runtime refuses it in the same words");
        assertTrue(message.contains("shorten the arena's name to at most 248 bytes"), message);
        JavaFileObject source = declaration(
                "@Arena(count = 4, sizes = {64}, backend = Backend.SHM, reclamation = true,",
                "       name = \"" + tooLong + "\")");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaReclamationNameTooLong] name: " + message)
                .inFile(source).onLine(6).atColumn(15);
        assertTrue(ShmName.companionViolation(longest).isEmpty(), "248 bytes leave room for .owners");
        assertThat(ArenaCompilation.compile(ArenaCompilation.source("p.Longest",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 4, sizes = {64}, backend = Backend.SHM, reclamation = true, name = \"" + longest + "\")",
                "public interface Longest extends SlabAllocator {}"))).succeededWithoutWarnings();
    }

    @Test
    void everyProblemOfADeclarationIsReportedInOneCompile() {
        JavaFileObject source = declaration(
                "@Arena(count = 0, sizes = {64}, confined = true, reclamation = true,",
                "       backend = Backend.SHM)");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("[ArenaCountOutOfRange]").inFile(source).onLine(5).atColumn(16);
        assertThat(compilation).hadErrorContaining("[ArenaConfinedSharedMemory]").inFile(source).onLine(5).atColumn(44);
        assertThat(compilation).hadErrorContaining("[ArenaReclamationConfined]").inFile(source).onLine(5).atColumn(64);
    }

    /** {@code p.Owned}: two pools, typed allocation of {@code Price}, reclamation on. */
    private static Compilation compileOwned() {
        return ArenaCompilation.compile(ArenaCompilation.source("p.Owned",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 4, sizes = {16, 64}, backend = Backend.SHM, reclamation = true, holds = {Price.class})",
                "public interface Owned extends SlabAllocator {",
                "    long allocatePrice();",
                "    long tryAllocatePrice();",
                "}"), StructSources.price());
    }

    @Test
    void theGeneratedClassStoresOwnersWithConstantsAndAlwaysOpensWithReclamation() {
        Compilation compilation = compileOwned();
        assertThat(compilation).succeededWithoutWarnings();
        String impl = ArenaCompilation.generatedSource(compilation, "p.OwnedImpl");
        assertTrue(impl.contains("private static final long POOL_1_FIRST_CHUNK = 4L;"), impl);
        assertTrue(impl.contains("super(LAYOUT, name, options == null ? null : options.withReclamation());"), impl);
        // the dispatch's store, from the locals it loaded; promotion's and typed allocation's, from constants
        assertTrue(impl.contains("owners.hold(first + ((offset - chunks) >>> shift));"), impl);
        assertTrue(impl.contains("owners.hold(POOL_1_FIRST_CHUNK + ((offset - POOL_1_CHUNKS) >>> POOL_1_SHIFT));"), impl);
        assertTrue(impl.contains("owners.hold(POOL_0_FIRST_CHUNK + ((offset - POOL_0_CHUNKS) >>> POOL_0_SHIFT));"), impl);
        assertTrue(impl.contains("owners.drop(POOL_1_FIRST_CHUNK + ((offset - POOL_1_CHUNKS) >>> POOL_1_SHIFT));"), impl);
        assertTrue(impl.contains("// owner store: plain, after the pop's acquire CAS"), impl);
        assertTrue(impl.contains("// owner store: plain, before the push's release CAS"), impl);
        // 2 in the dispatch (allocate, tryAllocate), 1 per larger pool in promote, 2 typed; 1 per pool in free
        assertEquals(5, count(impl, "owners.hold("), impl);
        assertEquals(2, count(impl, "owners.drop("), impl);
        String cache = ArenaCompilation.generatedSource(compilation, "p.OwnedImplThreadCache");
        assertFalse(cache.contains("owners"), "the cache inherits its stores from AbstractThreadCache: " + cache);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void everyAllocationAndFreePathRecordsTheChunksOwner() throws Exception {
        Class<?> impl = GeneratedClasses.of(compileOwned()).load("p.OwnedImpl");
        String name = name();
        // options without reclamation: the declaration decides, it is on
        try (SlabAllocator arena = construct(impl, name, ShmOptions.defaults())) {
            assertTrue(arena.reclamation());
            Entries entries = new Entries(arena);
            int me = entries.table.slot();
            long a = arena.allocateOffset(16);
            long b = arena.tryAllocateOffset(64);
            long price = (long) impl.getMethod("allocatePrice").invoke(arena);
            long tried = (long) impl.getMethod("tryAllocatePrice").invoke(arena);
            long segment = arena.allocate(10).address() - arena.memory().address();
            for (long offset : new long[] {a, b, price, tried, segment}) {
                assertEquals(me, entries.at(offset), "offset " + offset);
            }
            assertEquals(-1, arena.tryAllocateOffset(16), "a, price, tried and segment took pool 0's four chunks");
            long up = arena.allocateOffset(16);       // pool 0 is empty: promoted to pool 1
            assertEquals(1, ((AbstractSlabArena) arena).layout().poolOf(up));
            assertEquals(me, entries.at(up), "a promoted chunk is recorded in its own pool's entries");
            arena.release(b);
            assertEquals(OwnerTable.IN_TRANSIT, entries.at(b));
            arena.adopt(b);
            assertEquals(me, entries.at(b));
            arena.deallocateOffset(up);
            arena.deallocate(arena.memory().asSlice(segment, 16));
            assertEquals(OwnerTable.NONE, entries.at(up));
            assertEquals(OwnerTable.NONE, entries.at(segment));
            long cached;
            try (ThreadCache cache = arena.threadCache(2)) {
                cached = cache.allocateOffset(16);
                assertEquals(me, entries.at(cached), "the generated cache records through AbstractThreadCache");
                cache.deallocateOffset(cached);
                assertEquals(me, entries.at(cached), "parked: still this handle's");
            }
            assertEquals(OwnerTable.NONE, entries.at(cached), "drained by close: free again");
        }
    }

    @Test
    void aGeneratedAndARunTimeArenaRecordInOneCompanionAndReclaimEachOthersChunks() {
        Class<?> impl = GeneratedClasses.of(compileOwned()).load("p.OwnedImpl");
        String name = name();
        ShmOptions reclaiming = ShmOptions.defaults().withReclamation();
        SlabAllocator runtime = SlabArenas.shared(name, reclaiming, 4, 16, 64);
        SlabAllocator generated = construct(impl, name);
        long fromGenerated = generated.allocateOffset(64);
        long fromRuntime = runtime.allocateOffset(64);
        Entries byRuntime = new Entries(runtime);
        Entries byGenerated = new Entries(generated);
        assertTrue(byRuntime.table.slot() != byGenerated.table.slot());
        assertEquals(byGenerated.table.slot(), byRuntime.at(fromGenerated), "the run-time handle sees the generated one's entry");
        assertEquals(byRuntime.table.slot(), byGenerated.at(fromRuntime));
        generated.close();                                       // as if its process died, holding one chunk
        assertEquals(1, runtime.reclaim(), "the run-time arena reclaims the generated one's chunk");
        assertEquals(OwnerTable.RECLAIMING, byRuntime.at(fromGenerated), "pushed back by a reclaim, marked as such");
        try (SlabAllocator next = construct(impl, name)) {
            runtime.close();                                     // now the run-time handle dies holding one
            assertEquals(1, next.reclaim(), "and the generated arena reclaims the run-time one's");
            long free = 0;
            while (next.tryAllocateOffset(64) >= 0) {
                free++;
            }
            assertEquals(4, free, "every chunk of pool 1 came back, none twice");
        }
    }

    @Test
    void aCheckedGeneratedArenaChecksReleaseAndAdoptAndAChunkReceivedFromAnotherHandle() {
        Class<?> impl = GeneratedArenaTest.compileArena("Checked",
                "@Arena(count = 4, sizes = {16}, backend = Backend.SHM, reclamation = true, checked = true)");
        String name = name();
        try (SlabAllocator sender = construct(impl, name);
                SlabAllocator receiver = construct(impl, name)) {
            Entries entries = new Entries(receiver);
            long at = sender.allocateOffset(16);
            IllegalStateException adoptHeld = assertThrows(IllegalStateException.class, () -> sender.adopt(at));
            assertTrue(adoptHeld.getMessage().contains("is held by this handle already"), adoptHeld.getMessage());
            sender.release(at);
            IllegalStateException freeReleased = assertThrows(IllegalStateException.class,
                    () -> sender.deallocateOffset(at));
            assertTrue(freeReleased.getMessage().contains("was released by this handle: it is in transit"),
                    freeReleased.getMessage());
            assertEquals(OwnerTable.IN_TRANSIT, entries.at(at), "refused before anything changed");
            receiver.adopt(at);
            assertEquals(new Entries(receiver).table.slot(), entries.at(at));
            receiver.deallocateOffset(at);                 // adopted: this handle's to free, not a double free
            assertEquals(OwnerTable.NONE, entries.at(at));
            try (ThreadCache cache = receiver.threadCache(2)) { // the cache checks once, then records
                long cached = cache.allocateOffset(16);
                cache.release(cached);
                assertThrows(IllegalStateException.class, () -> cache.deallocateOffset(cached));
                cache.adopt(cached);
                cache.deallocateOffset(cached);
            }
        }
    }

    /** The owner entries of a handle, through its own {@link OwnerTable} (AbstractSlabArena's protected field). */
    private static final class Entries {

        private final OwnerTable table;
        private final ArenaLayout layout;

        Entries(SlabAllocator arena) {
            AbstractSlabArena handle = (AbstractSlabArena) arena;
            try {
                Field owners = AbstractSlabArena.class.getDeclaredField("owners");
                owners.setAccessible(true);
                this.table = (OwnerTable) owners.get(handle);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            this.layout = handle.layout();
        }

        /** The entry of the chunk at {@code offset}. */
        int at(long offset) {
            int pool = layout.poolOf(offset);
            return table.entry(OwnerTable.firstChunk(pool, layout.count())
                    + ((offset - layout.chunksOffset(pool)) >>> layout.chunkShift(pool)));
        }
    }
}

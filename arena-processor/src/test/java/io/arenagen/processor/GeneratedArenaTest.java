package io.arenagen.processor;

import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.pool.ChunkTracker;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compiles arenas with the processor, loads the generated classes and runs them in private memory:
 * the constants, the unrolled dispatch (compared call by call with {@link SlabArenas#local}), nested
 * and unnamed-package interfaces, constant expressions, default methods, checked mode and the
 * largest legal count.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GeneratedArenaTest {

    /** Compiles {@code p.Name} declared with {@code annotation} and an empty body, and loads {@code p.NameImpl}. */
    static Class<?> compileArena(String name, String annotation) {
        return ArenaCompilation.compileAndLoad(source("p." + name,
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.runtime.SlabAllocator;",
                annotation,
                "public interface " + name + " extends SlabAllocator {}")).load("p." + name + "Impl");
    }

    static long constant(Class<?> impl, String name) {
        try {
            Field field = impl.getField(name);
            assertTrue(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()), name);
            return field.getLong(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code new impl(args)}, unwrapping the constructor's exception. */
    static SlabAllocator construct(Class<?> impl, Object... args) {
        Class<?>[] types = Arrays.stream(args).map(Object::getClass).toArray(Class<?>[]::new);
        try {
            return (SlabAllocator) impl.getConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void constantsDescribeTheLayout() {
        Class<?> impl = compileArena("Feed", "@Arena(count = 128, sizes = {64, 256, 1024})");
        assertEquals(128, constant(impl, "COUNT"));
        assertEquals(172_416, constant(impl, "TOTAL_SIZE"));
        assertEquals(256, constant(impl, "POOL_1_CHUNK_SIZE"));
        assertEquals(8320, constant(impl, "POOL_1_OFFSET"));
        assertEquals(8400, constant(impl, "POOL_1_CHUNKS")); // 8320 + 80
        assertEquals(41_168, constant(impl, "POOL_1_END")); // 8400 + 128 * 256; 48 bytes of slack to 41_216
        assertTrue(Modifier.isFinal(impl.getModifiers()) && Modifier.isPublic(impl.getModifiers()));
    }

    @Test
    void localArenaServesPromotesAndExhausts() {
        Class<?> impl = compileArena("Small", "@Arena(count = 2, sizes = {16, 32})");
        try (SlabAllocator arena = construct(impl)) {
            assertEquals(constant(impl, "TOTAL_SIZE"), arena.totalSize());
            MemorySegment a = arena.allocate(10);
            assertEquals(10, a.byteSize());
            a.set(ValueLayout.JAVA_LONG_UNALIGNED, 2, 0x1234_5678_9ABCL);
            assertEquals(0x1234_5678_9ABCL, a.get(ValueLayout.JAVA_LONG_UNALIGNED, 2));
            assertNotNull(arena.allocate(16));
            MemorySegment promoted = arena.allocate(16);
            assertTrue(arena.memory().address() + constant(impl, "POOL_1_CHUNKS") <= promoted.address(),
                    "the third 16-byte request is served by the 32-byte pool");
            assertNull(arena.tryAllocate(16), "tryAllocate does not promote");
            assertNotNull(arena.tryAllocate(17));
            assertNull(arena.allocate(1), "every chunk is out");
            assertEquals(-1, arena.allocateOffset(33), "larger than every chunk");
            arena.deallocate(a);
            assertEquals(a.address(), arena.tryAllocate(16).address(), "the freed chunk comes back first");
            arena.deallocate(null);
            arena.deallocate(MemorySegment.ofArray(new byte[16]));
        }
    }

    @Test
    void closedArenaThrowsOnEveryPath() {
        Class<?> impl = compileArena("Closing", "@Arena(count = 2, sizes = {16})");
        SlabAllocator arena = construct(impl);
        arena.close();
        assertThrows(IllegalStateException.class, () -> arena.allocateOffset(8));
        assertThrows(IllegalStateException.class, () -> arena.tryAllocateOffset(100));
        assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(-7));
        assertThrows(IllegalStateException.class, () -> arena.deallocate(null));
    }

    @Test
    void behavesExactlyLikeTheRunTimeArena() {
        Class<?> impl = compileArena("Same", "@Arena(count = 4, sizes = {16, 64, 256})");
        try (SlabAllocator runtime = SlabArenas.local(4, 16, 64, 256); SlabAllocator generated = construct(impl)) {
            int served = new Lockstep(runtime, generated, 16, 64, 256).run(42, 3000);
            assertTrue(served > 500, "the workload allocated " + served + " chunks");
        }
    }

    @Test
    void singlePoolBehavesExactlyLikeTheRunTimeArena() {
        Class<?> impl = compileArena("One", "@Arena(count = 3, sizes = {32})");
        try (SlabAllocator runtime = SlabArenas.local(3, 32); SlabAllocator generated = construct(impl)) {
            assertTrue(new Lockstep(runtime, generated, 32).run(7, 1000) > 100);
        }
    }

    @Test
    void nestedInterfaceGetsOuterUnderscoreInnerImpl() {
        Class<?> impl = ArenaCompilation.compileAndLoad(source("p.Outer",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.runtime.SlabAllocator;",
                "public class Outer {",
                "    public interface Middle {",
                "        @Arena(count = 4, sizes = {16})",
                "        interface Inner extends SlabAllocator {}",
                "    }",
                "    @Arena(count = 4, sizes = {32})",
                "    interface Packaged extends SlabAllocator {}",
                "}")).load("p.Outer_Middle_InnerImpl");
        try (SlabAllocator arena = construct(impl)) {
            assertEquals("p.Outer$Middle$Inner", impl.getInterfaces()[0].getName());
            assertTrue(arena.allocateOffset(16) >= 0);
        }
    }

    @Test
    void interfaceInTheUnnamedPackage() {
        Class<?> impl = ArenaCompilation.compileAndLoad(source("Top",
                "import io.arenagen.Arena;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 4, sizes = {16})",
                "public interface Top extends SlabAllocator {}")).load("TopImpl");
        try (SlabAllocator arena = construct(impl)) {
            assertEquals(80, arena.allocateOffset(1));
        }
    }

    @Test
    void constantExpressionsAreEvaluated() {
        Class<?> impl = ArenaCompilation.compileAndLoad(
                source("p.Sizes",
                        "package p;",
                        "final class Sizes {",
                        "    static final long SMALL = 64;",
                        "    static final int PER_POOL = 8;",
                        "    private Sizes() {}",
                        "}"),
                source("p.Expr",
                        "package p;",
                        "import io.arenagen.Arena;",
                        "import io.arenagen.runtime.SlabAllocator;",
                        "import static p.Sizes.SMALL;",
                        "@Arena(count = 2 * Sizes.PER_POOL, sizes = {SMALL, 1 << 10})",
                        "public interface Expr extends SlabAllocator {}")).load("p.ExprImpl");
        assertEquals(16, constant(impl, "COUNT"));
        assertEquals(64, constant(impl, "POOL_0_CHUNK_SIZE"));
        assertEquals(1024, constant(impl, "POOL_1_CHUNK_SIZE"));
        assertEquals(2 * 128 + 16 * (64 + 1024), constant(impl, "TOTAL_SIZE"));
    }

    @Test
    void defaultMethodIsCallableOnTheImpl() throws ReflectiveOperationException {
        GeneratedClasses classes = ArenaCompilation.compileAndLoad(source("p.WithDefault",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 4, sizes = {16, 32})",
                "public interface WithDefault extends SlabAllocator {",
                "    default long allocateTwice(long size) {",
                "        return allocateOffset(2 * size);",
                "    }",
                "    static long header() { return 128; }",
                "}"));
        Class<?> impl = classes.load("p.WithDefaultImpl");
        try (SlabAllocator arena = construct(impl)) {
            long offset = (long) impl.getMethod("allocateTwice", long.class).invoke(arena, 12L);
            assertEquals(constant(impl, "POOL_1_CHUNKS"), offset, "24 bytes come from the 32-byte pool");
        }
    }

    @Test
    void largestLegalCountCompilesAndFailsLoudlyWhenTheMachineCannotBackIt() throws IOException {
        Class<?> impl = compileArena("Huge", "@Arena(count = 4_294_967_295L, sizes = {16})");
        assertEquals(4_294_967_295L, constant(impl, "COUNT"));
        assertEquals(128 + 4_294_967_295L * 16, constant(impl, "TOTAL_SIZE"));
        assertEquals(80 + 4_294_967_295L * 16, constant(impl, "POOL_0_END"));
        // 64 GiB with MAP_POPULATE: only safe to try where the kernel refuses such an overcommit up front
        Path overcommit = Path.of("/proc/sys/vm/overcommit_memory");
        assumeTrue(Files.isReadable(overcommit) && !Files.readString(overcommit).strip().equals("1"),
                "vm.overcommit_memory = 1 would let the mapping succeed and populate 64 GiB");
        assumeTrue(memTotalBytes() < constant(impl, "TOTAL_SIZE") / 2, "this machine could back a 64 GiB arena");
        ArenaException failure = assertThrows(ArenaException.class, () -> construct(impl));
        assertEquals(12, failure.errno(), "ENOMEM: " + failure.getMessage());
        assertTrue(failure.getMessage().startsWith("mmap(") && failure.getMessage().contains("ENOMEM"),
                failure.getMessage());
    }

    /** {@code MemTotal} of {@code /proc/meminfo}, in bytes. */
    private static long memTotalBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no MemTotal in /proc/meminfo");
    }

    /** Garbage in a head word (another process's stray write) ends allocation in an ArenaException, never a read there. */
    @Test
    void corruptHeadEndsAllocationInAnArenaExceptionNamingTheArena() {
        for (String mode : new String[] {"", ", checked = true"}) {
            Class<?> impl = compileArena("Corrupt", "@Arena(count = 4, sizes = {16, 32}" + mode + ")");
            try (SlabAllocator arena = construct(impl)) {
                long head = constant(impl, "POOL_0_OFFSET") + 64;
                arena.memory().set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), head, 4L);
                ArenaException e = assertThrows(ArenaException.class, () -> arena.allocateOffset(8));
                assertTrue(e.getMessage().startsWith("private memory: pool 0's free list names chunk index 4, "
                        + "beyond its count 4 (count=4, sizes=[16, 32])"), e.getMessage());
                assertThrows(ArenaException.class, () -> arena.tryAllocateOffset(8));
                assertEquals(constant(impl, "POOL_1_CHUNKS"), arena.tryAllocateOffset(32), "pool 1 is unaffected");
            }
        }
    }

    @Test
    void checkedArenaRejectsADoubleFree() {
        Class<?> impl = compileArena("Checked", "@Arena(count = 4, sizes = {16, 64}, checked = true)");
        try (SlabAllocator arena = construct(impl)) {
            long small = arena.allocateOffset(16);
            long large = arena.tryAllocateOffset(64);
            arena.deallocateOffset(small);
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(small));
            assertTrue(twice.getMessage().startsWith("double free"), twice.getMessage());
            assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(large + 8), "inside a chunk");
            arena.deallocateOffset(large);
            assertEquals(small, arena.allocateOffset(1), "the pools are intact after the rejected frees");
            arena.deallocateOffset(12_345_678);
        }
        assertTrue(Arrays.stream(impl.getDeclaredFields()).anyMatch(f -> f.getType() == ChunkTracker.class));
    }

    /**
     * Without reclamation, release and adopt still go through checked mode, as in a checked run-time arena: a
     * released chunk cannot be freed, and a chunk adopted from a queue can.
     */
    @Test
    void checkedArenaWithoutReclamationChecksReleaseAndAdopt() {
        Class<?> impl = compileArena("CheckedTransit", "@Arena(count = 4, sizes = {16}, checked = true)");
        try (SlabAllocator arena = construct(impl)) {
            long chunk = arena.allocateOffset(16);
            assertThrows(IllegalStateException.class, () -> arena.adopt(chunk), "adopting a chunk it holds");
            arena.release(chunk);
            IllegalStateException freed = assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(chunk));
            assertTrue(freed.getMessage().contains("in transit"), freed.getMessage());
            arena.adopt(chunk);
            arena.deallocateOffset(chunk);
            assertEquals(chunk, arena.allocateOffset(16), "the chunk went back once");
        }
    }

    @Test
    void checkedArenaRefusesASegmentOfAClosedArenaAndIgnoresOtherForeignOnes() {
        Class<?> impl = compileArena("CheckedStale", "@Arena(count = 4, sizes = {16}, checked = true)");
        MemorySegment stale;
        try (SlabAllocator closed = construct(impl)) {
            stale = closed.allocate(16);
        }
        try (SlabAllocator arena = construct(impl); java.lang.foreign.Arena other = java.lang.foreign.Arena.ofConfined()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> arena.deallocate(stale));
            assertTrue(e.getMessage().contains("belongs to an arena that was closed"), e.getMessage());
            arena.deallocate(other.allocate(16)); // live and foreign: ignored
            arena.deallocate(null);
            long first = arena.allocateOffset(16);
            assertEquals(constant(impl, "POOL_0_CHUNKS"), first, "the pool is intact");
        }
    }

    @Test
    void confinedArenaServesItsOwnerOnlyAndMatchesTheSharedOneCallByCall() throws Exception {
        Class<?> impl = compileArena("Confined", "@Arena(count = 2, sizes = {16, 32}, confined = true)");
        try (SlabAllocator arena = construct(impl);
             SlabAllocator reference = SlabArenas.local(2, 16, 32)) {
            for (long size : new long[] {1, 16, 16, 17, 32, 1}) {
                assertEquals(reference.allocateOffset(size), arena.allocateOffset(size), "allocateOffset(" + size + ")");
            }
            arena.deallocateOffset(constant(impl, "POOL_1_CHUNKS"));
            assertEquals(constant(impl, "POOL_1_CHUNKS"), arena.tryAllocateOffset(32));
            Thread owner = Thread.currentThread();
            List<Throwable> refusals = new ArrayList<>();
            Thread other = new Thread(() -> {
                for (Runnable call : List.<Runnable>of(() -> arena.allocateOffset(16), () -> arena.tryAllocateOffset(16),
                        () -> arena.deallocateOffset(constant(impl, "POOL_0_CHUNKS")), () -> arena.allocateOffset(1000),
                        arena::memory, arena::close)) {
                    try {
                        call.run();
                    } catch (Throwable t) {
                        refusals.add(t);
                    }
                }
            }, "intruder");
            other.start();
            other.join();
            assertEquals(6, refusals.size(), refusals.toString());
            for (Throwable refusal : refusals) {
                assertEquals(WrongThreadException.class, refusal.getClass(), refusal.toString());
                assertTrue(refusal.getMessage().contains("\"" + owner.getName() + "\"")
                        && refusal.getMessage().contains("\"intruder\""), refusal.getMessage());
            }
            assertEquals(-1, arena.allocateOffset(16), "the refused calls changed nothing: both pools are empty");
        }
        String source = ArenaCompilation.generatedSource(ArenaCompilation.compile(source("p.Confined",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 2, sizes = {16}, confined = true)",
                "public interface Confined extends SlabAllocator {}")), "p.ConfinedImpl");
        assertTrue(source.contains("super(LAYOUT, ThreadAccess.CONFINED)"), source);
        assertTrue(source.contains("ConfinedFreeList.pop(") && !source.contains(" FreeList.pop("), source);
    }

    @Test
    void uncheckedArenaCarriesNoBookkeeping() {
        Class<?> impl = compileArena("Unchecked", "@Arena(count = 4, sizes = {16})");
        assertFalse(Arrays.stream(impl.getDeclaredFields()).anyMatch(f -> f.getType() == ChunkTracker.class));
        try (SlabAllocator arena = construct(impl)) {
            long offset = arena.allocateOffset(16);
            arena.deallocateOffset(offset);
            arena.deallocateOffset(offset); // unchecked: the caller's bug, not detected
        }
    }

    @Test
    void generatedClassImplementsTheInterface() {
        Class<?> impl = compileArena("Plain", "@Arena(count = 1, sizes = {16})");
        try (SlabAllocator arena = construct(impl)) {
            assertInstanceOf(impl.getInterfaces()[0], arena);
            assertEquals("io.arenagen.runtime.pool.AbstractSlabArena", impl.getSuperclass().getName());
        }
    }
}

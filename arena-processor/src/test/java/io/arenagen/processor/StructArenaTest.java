package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.Structs;
import io.arenagen.runtime.layout.StructRules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code @Arena(holds = ...)}: the compile-time fit check (the same message as the run-time
 * {@link Structs#requireFits}), the other errors on class literals and typed allocation methods, and
 * typed allocation itself — through the user's interface, from the pool chosen at compile time, with
 * and without promotion.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class StructArenaTest {

    /** {@code p.Held}: the annotation on line 4, the interface from line 5, one member per line after it. */
    private static JavaFileObject arena(String annotation, String... members) {
        List<String> lines = new ArrayList<>(List.of("package p;", "import io.arenagen.Arena;",
                "import io.arenagen.runtime.SlabAllocator;", annotation, "public interface Held extends SlabAllocator {"));
        lines.addAll(List.of(members));
        lines.add("}");
        return source("p.Held", lines.toArray(String[]::new));
    }

    /** Compiles with the structs, asserts failure and that no arena class was asked for; returns the diagnostics. */
    private static Compilation compileArenaFailing(JavaFileObject arena) {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac()
                .withProcessors(ArenaCompilation.processors(processor))
                .withOptions("-Xlint:all", "-Werror")
                .withClasspath(ArenaCompilation.classpath())
                .compile(arena, StructSources.price(), StructSources.order());
        assertThat(compilation).failed();
        assertFalse(processor.created().contains("p.HeldImpl"), "generated " + processor.created());
        return compilation;
    }

    @Test
    void aStructLargerThanTheLargestChunkIsReportedOnItsClassLiteralWithTheRuntimeMessage() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {16, 32}, holds = {Price.class, Order.class})");
        Compilation compilation = compileArenaFailing(source);
        String message = StructRules.checkFits("Order", 64, new long[] {16, 32}).orElseThrow().message();
        assertEquals("[ArenaStructTooLarge] struct Order is 64 bytes, larger than the largest chunk (32 bytes), so no "
                + "pool can hold it; add a chunk size of 64 to sizes, or make the struct smaller", message);
        assertThat(compilation).hadErrorCount(1);
        // javac places a class literal at its dot
        assertThat(compilation).hadErrorContaining(message).inFile(source).onLine(4).atColumn(64);
        try (SlabAllocator runtime = SlabArenas.local(8, 16, 32)) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> Structs.requireFits(runtime, 64, "Order"));
            assertEquals(message, thrown.getMessage());
            assertEquals(0, Structs.requireFits(runtime, 16, "Price"));
            assertEquals(1, Structs.requireFits(SlabArenas.checked(SlabArenas.local(8, 16, 32)), 17, "Odd"));
        }
    }

    @Test
    void classesThatAreNotStructsAndRepeatsAreReportedOnTheirClassLiterals() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {64}, holds = {String.class, Price.class, Price.class})");
        Compilation compilation = compileArenaFailing(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[ArenaHeldNotStruct] holds java.lang.String, which is not a @Struct "
                + "record, so it has no fixed layout to check against the chunks; annotate a record with @Struct, or "
                + "remove it from holds").inFile(source).onLine(4).atColumn(48);
        assertThat(compilation).hadErrorContaining("[ArenaHeldDuplicateName] holds p.Price after p.Price, but typed "
                + "allocation is named after the simple name (allocatePrice), so an arena holds one struct of each "
                + "name; remove one of them").inFile(source).onLine(4).atColumn(74);
    }

    /**
     * One declaration, several independent faults: every part is validated on its own, so the type, the
     * layout values, the name and the held structs are all reported by one compile.
     */
    @Test
    void everyFaultOfOneDeclarationIsReportedInOneCompile() {
        JavaFileObject source = source("p.Held",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "@Arena(count = 0, sizes = {64}, backend = Backend.SHM, name = \"feed\", confined = true,",
                "       holds = {String.class, Price.class, Price.class})",
                "public interface Held extends io.arenagen.runtime.SlabAllocator {",
                "    long allocateQuote();",
                "}");
        Compilation compilation = compileArenaFailing(source);
        assertThat(compilation).hadErrorContaining("[ArenaCountOutOfRange]").inFile(source).onLine(4).atColumn(16);
        assertThat(compilation).hadErrorContaining("[ArenaInvalidShmName]").inFile(source).onLine(4).atColumn(63);
        assertThat(compilation).hadErrorContaining("[ArenaConfinedSharedMemory]").inFile(source).onLine(4).atColumn(82);
        assertThat(compilation).hadErrorContaining("[ArenaHeldNotStruct] holds java.lang.String").inFile(source)
                .onLine(5).atColumn(23);
        assertThat(compilation).hadErrorContaining("[ArenaHeldDuplicateName] holds p.Price after p.Price")
                .inFile(source).onLine(5).atColumn(49);
        assertThat(compilation).hadErrorContaining("[ArenaTypedAllocationMethod] abstract method allocateQuote() of "
                + "@Arena interface Held is not a SlabAllocator method and allocates no held struct").inFile(source)
                .onLine(7);
        assertThat(compilation).hadErrorCount(6);
    }

    /** With valid sizes, the fit of each held struct is checked beside the other faults too. */
    @Test
    void aStructTooLargeIsReportedBesideABadName() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {16, 32}, name = \"/held\", holds = Order.class)");
        Compilation compilation = compileArenaFailing(source);
        assertThat(compilation).hadErrorContaining("[ArenaNameOnLocal]").inFile(source).onLine(4);
        assertThat(compilation).hadErrorContaining("[ArenaStructTooLarge]").inFile(source).onLine(4);
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void typedAllocationMethodsWithAnotherSignatureOrForNoHeldStructAreReported() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {64}, holds = Price.class)",
                "    long allocatePrice(long size);",
                "    int tryAllocatePrice();",
                "    long allocateQuote();",
                "    long allocateTwice(long size);");
        Compilation compilation = compileArenaFailing(source);
        assertThat(compilation).hadErrorCount(4);
        assertThat(compilation).hadErrorContaining("[ArenaTypedAllocationMethod] abstract method allocatePrice(long) of "
                + "@Arena interface Held is named like typed allocation, which takes no arguments and returns the "
                + "chunk's offset (-1 if none); declare it as `long allocatePrice();`").inFile(source).onLine(6);
        assertThat(compilation).hadErrorContaining("[ArenaTypedAllocationMethod] abstract method tryAllocatePrice() of "
                + "@Arena interface Held is named like typed allocation").inFile(source).onLine(7);
        assertThat(compilation).hadErrorContaining("[ArenaTypedAllocationMethod] abstract method allocateQuote() of @Arena "
                + "interface Held is not a SlabAllocator method and allocates no held struct (it holds Price); add "
                + "Quote.class to @Arena(holds = ...), or make the method default, or remove it")
                .inFile(source).onLine(8);
        assertThat(compilation).hadErrorContaining("[ArenaExtraAbstractMethod] abstract method allocateTwice(long)")
                .inFile(source).onLine(9);
    }

    @Test
    void typedAllocationStartsAtTheFirstFittingPoolThroughTheInterface() throws Throwable {
        GeneratedClasses classes = ArenaCompilation.compileAndLoad(arena(
                        "@Arena(count = 2, sizes = {16, 64, 256}, holds = {Price.class, Order.class})",
                        "    long allocateOrder();",
                        "    long tryAllocateOrder();"),
                StructSources.price(), StructSources.order());
        Class<?> iface = classes.load("p.Held");
        Class<?> impl = classes.load("p.HeldImpl");
        long pool1 = GeneratedArenaTest.constant(impl, "POOL_1_CHUNKS");
        long pool2 = GeneratedArenaTest.constant(impl, "POOL_2_CHUNKS");
        long pool0 = GeneratedArenaTest.constant(impl, "POOL_0_CHUNKS");
        try (SlabAllocator arena = GeneratedArenaTest.construct(impl)) {
            var allocateOrder = MethodHandles.publicLookup().findVirtual(iface, "allocateOrder",
                    MethodType.methodType(long.class));
            var tryAllocateOrder = MethodHandles.publicLookup().findVirtual(iface, "tryAllocateOrder",
                    MethodType.methodType(long.class));
            var allocatePrice = MethodHandles.publicLookup().findVirtual(impl, "allocatePrice",
                    MethodType.methodType(long.class));
            assertEquals(pool1, (long) allocateOrder.invoke(arena));
            assertEquals(pool1 + 64, (long) tryAllocateOrder.invoke(arena));
            assertEquals(-1L, (long) tryAllocateOrder.invoke(arena), "no promotion");
            assertEquals(pool2, (long) allocateOrder.invoke(arena), "promoted to 256-byte chunks");
            assertEquals(pool2 + 256, (long) allocateOrder.invoke(arena));
            assertEquals(-1L, (long) allocateOrder.invoke(arena), "every fitting pool exhausted");
            assertEquals(pool0, (long) allocatePrice.invoke(arena), "a 16-byte struct starts at the 16-byte pool");
            arena.deallocateOffset(pool1 + 64);
            assertEquals(pool1 + 64, (long) tryAllocateOrder.invoke(arena));
        }
    }

    @Test
    void checkedModeTracksTypedAllocations() throws Throwable {
        GeneratedClasses classes = ArenaCompilation.compileAndLoad(arena(
                        "@Arena(count = 2, sizes = {64}, holds = Order.class, checked = true)",
                        "    long tryAllocateOrder();"),
                StructSources.price(), StructSources.order());
        Class<?> iface = classes.load("p.Held");
        try (SlabAllocator arena = GeneratedArenaTest.construct(classes.load("p.HeldImpl"))) {
            long offset = (long) MethodHandles.publicLookup().findVirtual(iface, "tryAllocateOrder",
                    MethodType.methodType(long.class)).invoke(arena);
            arena.deallocateOffset(offset);
            assertThrows(IllegalStateException.class, () -> arena.deallocateOffset(offset), "double free");
        }
    }

    @Test
    void typedAllocationHasNoSizeComparisonAndOverridesOnlyWhatTheInterfaceDeclares() {
        Compilation compilation = ArenaCompilation.compile(arena(
                        "@Arena(count = 2, sizes = {16, 64, 256}, holds = {Price.class, Order.class})",
                        "    long allocateOrder();"),
                StructSources.price(), StructSources.order());
        assertThat(compilation).succeededWithoutWarnings();
        String impl = ArenaCompilation.generatedSource(compilation, "p.HeldImpl");
        assertTrue(impl.contains("""
                    @Override
                    public long allocateOrder() {
                        // the first fitting pool was chosen at compile time; when it is empty, promote() tries the larger ones
                        // FreeList.pop: acquire load of the head + acquire CAS; an index beyond COUNT throws, never read
                        long offset;
                        try {
                            offset = FreeList.pop(memory, POOL_1_HEAD, POOL_1_CHUNKS, POOL_1_SHIFT, COUNT);
                            return offset >= 0 ? offset : promote(1, OrderStruct.BYTES);
                        } catch (CorruptFreeListException e) {
                            throw corrupted(e);
                        }
                    }
                """), impl);
        assertTrue(impl.contains("""
                     */
                    public long tryAllocateOrder() {
                        // the first fitting pool only, no promotion; when it is empty, count that
                        // FreeList.pop: acquire load of the head + acquire CAS; an index beyond COUNT throws, never read
                        long offset;
                        try {
                            offset = FreeList.pop(memory, POOL_1_HEAD, POOL_1_CHUNKS, POOL_1_SHIFT, COUNT);
                            return offset >= 0 ? offset : exhausted(1, OrderStruct.BYTES);
                        } catch (CorruptFreeListException e) {
                            throw corrupted(e);
                        }
                    }
                """), impl);
        assertTrue(impl.contains("<li>{@link Order}: 64 bytes, pool 1, {@code allocateOrder()} and "
                + "{@code tryAllocateOrder()}</li>"),
                impl);
    }
}

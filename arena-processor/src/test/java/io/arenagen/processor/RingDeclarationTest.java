package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.LongRings;
import io.arenagen.runtime.queue.RingLayout;
import io.arenagen.runtime.queue.RingPolicy;

import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

import org.junit.jupiter.api.Test;

/**
 * {@code @Ring}: sound declarations generate a class whose constants are the run-time layout and whose
 * queue is the runtime's; unsound ones get every error at once, tagged, on the value it is about, and no
 * class.
 */
final class RingDeclarationTest {

    private static JavaFileObject ring(String annotation, String body) {
        return source("demo.Feed",
                "package demo;",
                "import io.arenagen.Backend;",
                "import io.arenagen.ComponentModel;",
                "import io.arenagen.Ring;",
                "import io.arenagen.runtime.queue.LongRing;",
                annotation,
                body);
    }

    private static List<String> errors(Compilation compilation) {
        return compilation.errors().stream().map(d -> d.getMessage(null)).toList();
    }

    @Test
    void aLocalQueueIsGeneratedWithTheRuntimeLayoutAsConstants() throws Exception {
        Compilation compilation = ArenaCompilation.compile(ring(
                "@Ring(capacity = 1024, policy = Ring.Policy.MPSC)", "public interface Feed extends LongRing {}"));
        assertThat(compilation).succeededWithoutWarnings();
        String generated = ArenaCompilation.generatedSource(compilation, "demo.FeedImpl");
        assertTrue(generated.contains("public static final long SLOT_SIZE = 64L;"), generated);
        assertTrue(generated.contains("public static final long TOTAL_SIZE = 65728L;"), generated);
        Class<?> impl = GeneratedClasses.of(compilation).load("demo.FeedImpl");
        RingLayout layout = RingLayout.ofLongs(RingPolicy.MPSC, 1024);
        assertEquals(1024L, impl.getField("CAPACITY").get(null));
        assertEquals(1023L, impl.getField("MASK").get(null));
        assertEquals(layout.slotSize(), impl.getField("SLOT_SIZE").get(null));
        assertEquals(layout.dataOffset(), impl.getField("DATA_OFFSET").get(null));
        assertEquals(64L, impl.getField("HEAD_OFFSET").get(null));
        assertEquals(128L, impl.getField("TAIL_OFFSET").get(null));
        assertEquals(192L, impl.getField("SLOTS_OFFSET").get(null));
        assertEquals(layout.totalSize(), impl.getField("TOTAL_SIZE").get(null));
        assertEquals(layout, impl.getField("LAYOUT").get(null));
        try (LongRing queue = (LongRing) impl.getConstructor().newInstance()) {
            assertTrue(queue.offer(5));
            assertEquals(2, queue.offer(new long[] {6, 7}, 0, 2));
            assertEquals(3, queue.size());
            assertEquals(5, queue.poll(-1, 1_000_000, io.arenagen.runtime.queue.IdleStrategy.BUSY_SPIN));
            long[] into = new long[2];
            assertEquals(2, queue.poll(into, 0, 2));
            assertEquals(7, into[1]);
            assertEquals(-1, queue.poll(-1));
            assertTrue(queue.offer(1, 0, io.arenagen.runtime.queue.IdleStrategy.BUSY_SPIN));
            assertEquals(1, queue.poll(-1));
            assertTrue(queue.isEmpty());
            assertEquals(1024, queue.capacity());
            assertEquals(RingPolicy.MPSC, queue.policy());
            assertEquals(layout, queue.layout());
            assertEquals(4, queue.stats().offered());
            assertEquals(-1, queue.stalledPosition());
            assertTrue(!queue.skipStalled(0));
            queue.mlock();
            assertTrue(queue.toString().startsWith("FeedImpl over private memory"), queue.toString());
        }
    }

    @Test
    void aNamedSharedQueueIsTheRuntimesQueueOfThatName() throws Exception {
        String name = "/ag-ringgen-" + ProcessHandle.current().pid();
        SharedMemory.unlink(name);
        Compilation compilation = ArenaCompilation.compile(ring("@Ring(capacity = 64, policy = Ring.Policy.SPSC, "
                + "backend = Backend.SHM, name = \"" + name + "\")", "public interface Feed extends LongRing {}"));
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> impl = GeneratedClasses.of(compilation).load("demo.FeedImpl");
        assertEquals(name, impl.getField("NAME").get(null));
        try (LongRing generated = (LongRing) impl.getConstructor().newInstance();
             LongRing runtime = LongRings.shared(name, RingPolicy.SPSC, 64);
             LongRing byName = (LongRing) impl.getConstructor(String.class).newInstance(name)) {
            assertTrue(generated.offer(42));
            assertEquals(42, runtime.poll(-1));
            assertEquals(1, byName.stats().offered());
            assertEquals(8, generated.layout().slotSize());
        } finally {
            SharedMemory.unlink(name);
        }
        assertTrue(!Files.exists(Path.of("/dev/shm", name.substring(1))));
    }

    @Test
    void anUnnamedSharedQueueTakesItsNameAtConstruction() throws Exception {
        Compilation compilation = ArenaCompilation.compile(ring("@Ring(capacity = 8, policy = Ring.Policy.MPMC, "
                + "backend = Backend.SHM)", "interface Feed extends LongRing {}"));
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> impl = GeneratedClasses.of(compilation).load("demo.FeedImpl");
        for (Constructor<?> constructor : impl.getConstructors()) {
            assertTrue(constructor.getParameterCount() > 0, "no name, no no-argument constructor: " + constructor);
        }
    }

    @Test
    void everyValueErrorAtOnceOnItsValue() {
        Compilation compilation = ArenaCompilation.compileFailing(ring(
                "@Ring(capacity = 100, policy = Ring.Policy.MPMC, element = int.class, name = \"/feed\")",
                "public interface Feed extends LongRing {}"));
        assertEquals(List.of(
                "[ArenaRingElementUnsupported] element = int.class: a queue holds 64-bit values (element = "
                        + "long.class, uint64_t in C++, a chunk offset say) or @Struct records (element = Order.class "
                        + "for `@Struct record Order(...)`, the C++ struct of the same fields); annotate the record "
                        + "with @Struct, or pass it by its chunk offset",
                "[ArenaRingCapacityNotPowerOfTwo] capacity = 100 is not a power of two; the C++ BasicQueue would "
                        + "silently round it up to 128, so a C++ peer would see another queue. Declare capacity = 128 "
                        + "(or 64)",
                "[ArenaRingNameOnLocal] name = \"/feed\" with backend = Backend.LOCAL: private memory has no name; "
                        + "remove name, or use backend = Backend.SHM"), errors(compilation));
        for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
            assertEquals(6, error.getLineNumber(), "on the annotation's line");
        }
        String line = "@Ring(capacity = 100, policy = Ring.Policy.MPMC, element = int.class, name = \"/feed\")";
        assertEquals(List.of((long) line.indexOf(".class") + 1, (long) line.indexOf("100") + 1,
                (long) line.indexOf("\"/feed\"") + 1),
                compilation.errors().stream().map(Diagnostic::getColumnNumber).toList(), "on each value");
    }

    @Test
    void capacityBelowTheMinimumAndOverflow() {
        assertTrue(errors(ArenaCompilation.compileFailing(ring("@Ring(capacity = 1, policy = Ring.Policy.MPSC)",
                "interface Feed extends LongRing {}"))).getFirst().startsWith("[ArenaRingCapacityTooSmall] capacity = 1 "
                + "is below 2 for MPSC"));
        assertTrue(errors(ArenaCompilation.compileFailing(ring("@Ring(capacity = 1L << 60, policy = Ring.Policy.MPSC)",
                "interface Feed extends LongRing {}"))).getFirst().startsWith("[ArenaRingFootprintOverflow]"));
        assertThat(ArenaCompilation.compile(ring("@Ring(capacity = 1, policy = Ring.Policy.SPSC)",
                "interface Feed extends LongRing {}"))).succeededWithoutWarnings();
    }

    @Test
    void targetErrors() {
        assertEquals(List.of("[ArenaRingNotInterface] @Ring is on class Feed, but a queue is declared as an interface; "
                + "write `interface Feed extends LongRing {}` (StructRing for a @Struct element) and use the generated "
                + "FeedImpl"),
                errors(ArenaCompilation.compileFailing(ring("@Ring(capacity = 8, policy = Ring.Policy.MPSC)",
                        "public abstract class Feed implements LongRing {}"))));
        List<String> several = errors(ArenaCompilation.compileFailing(ring("@Ring(capacity = 8, policy = Ring.Policy.MPSC)",
                "public interface Feed<T> extends LongRing { T extra(); }")));
        assertEquals(2, several.size(), several.toString());
        assertEquals("[ArenaRingGenericInterface] interface Feed has type parameters <T>; a queue's element is fixed "
                + "by its element value, remove them", several.get(0));
        assertTrue(several.get(1).startsWith("[ArenaRingExtraAbstractMethod] abstract method extra of demo.Feed is "
                + "not a LongRing method"), several.get(1));
        assertEquals(List.of("[ArenaRingMissingLongRing] interface Feed does not extend LongRing, the queue of element = "
                + "long.class; declare `interface Feed extends io.arenagen.runtime.queue.LongRing {}` (arena-runtime on "
                + "the class path), or give a @Struct record as element and extend StructRing"),
                errors(ArenaCompilation.compileFailing(ring("@Ring(capacity = 8, policy = Ring.Policy.MPSC)",
                        "public interface Feed extends AutoCloseable {}"))));
        List<String> nested = errors(ArenaCompilation.compileFailing(ring("public class Feed {",
                "@Ring(capacity = 8, policy = Ring.Policy.SPSC) private interface In extends LongRing {} }")));
        assertEquals(List.of("[ArenaRingInaccessibleInterface] In is private, so the generated Feed_InImpl beside it "
                + "cannot implement In; make it package-private or public"), nested);
        // Redeclaring a LongRing method or adding a default one is fine.
        assertThat(ArenaCompilation.compile(ring("@Ring(capacity = 8, policy = Ring.Policy.SPSC)",
                "public interface Feed extends LongRing { @Override long size(); default long twice() { return 2 * size(); } }")))
                .succeededWithoutWarnings();
    }

    @Test
    void namesAndComponentModels() {
        List<String> bad = errors(ArenaCompilation.compileFailing(ring(
                "@Ring(capacity = 8, policy = Ring.Policy.SPSC, backend = Backend.SHM, name = \"feed\")",
                "interface Feed extends LongRing {}")));
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).startsWith("[ArenaRingInvalidShmName] name: shared-memory name \"feed\" does not start "
                + "with '/'"), bad.get(0));
        List<String> needsName = errors(ArenaCompilation.compileFailing(InjectionStubs.concat(
                InjectionStubs.jakarta(), new JavaFileObject[] {ring("@Ring(capacity = 8, policy = Ring.Policy.SPSC, "
                        + "backend = Backend.SHM, componentModel = ComponentModel.JAKARTA)",
                        "interface Feed extends LongRing {}")})));
        assertEquals(List.of("[ArenaRingComponentModelNeedsName] componentModel JAKARTA constructs the queue, but "
                + "backend = Backend.SHM without a name leaves it no object to open; add name = \"/feed\" (say)"),
                needsName);
        List<String> unavailable = errors(ArenaCompilation.compileFailing(ring(
                "@Ring(capacity = 8, policy = Ring.Policy.SPSC, componentModel = ComponentModel.SPRING)",
                "interface Feed extends LongRing {}")));
        assertEquals(List.of("[ArenaRingComponentModelUnavailable] componentModel SPRING needs "
                + "org.springframework.stereotype.Component, which is not on the compile class path; add "
                + "org.springframework:spring-context (the version of your Spring) to the dependencies"), unavailable);
    }

    @Test
    void aContainerGetsTheArenasAnnotations() throws Exception {
        Compilation jakarta = ArenaCompilation.compile(InjectionStubs.concat(InjectionStubs.jakarta(),
                new JavaFileObject[] {ring("@Ring(capacity = 8, policy = Ring.Policy.SPSC, componentModel = "
                        + "ComponentModel.JAKARTA)", "public interface Feed extends LongRing {}")}));
        assertThat(jakarta).succeededWithoutWarnings();
        String source = ArenaCompilation.generatedSource(jakarta, "demo.FeedImpl");
        assertTrue(source.contains("@Singleton\n@Named\npublic final class FeedImpl"), source);
        assertTrue(source.contains("@Inject\n  public FeedImpl()"), source);
        Compilation cdi = ArenaCompilation.compile(InjectionStubs.concat(InjectionStubs.cdi(),
                new JavaFileObject[] {ring("@Ring(capacity = 8, policy = Ring.Policy.MPMC, backend = Backend.SHM, "
                        + "name = \"/cdi-feed\", componentModel = ComponentModel.CDI)",
                        "public interface Feed extends LongRing {}")}));
        assertThat(cdi).succeededWithoutWarnings();
        String cdiSource = ArenaCompilation.generatedSource(cdi, "demo.FeedImpl");
        assertTrue(cdiSource.contains("@PreDestroy\n  void closeOnDestroy() {\n    close();"), cdiSource);
        assertTrue(cdiSource.contains("@Inject\n  public FeedImpl() {\n    this(NAME);"), cdiSource);
        assertNotNull(GeneratedClasses.of(cdi).load("demo.FeedImpl"));
    }
}

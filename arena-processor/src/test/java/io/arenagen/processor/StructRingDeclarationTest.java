package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.queue.IdleStrategy;
import io.arenagen.runtime.queue.RingLayout;
import io.arenagen.runtime.queue.RingPolicy;
import io.arenagen.runtime.queue.StructRing;
import io.arenagen.runtime.queue.StructRings;

import java.lang.reflect.Method;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

import org.junit.jupiter.api.Test;

/**
 * {@code @Ring(element = Record.class)} with a {@code @Struct} record: the generated class is the runtime's struct
 * queue with the record's layout as constants and typed, copying offer and poll through the generated
 * {@code <Record>Struct}; every way to get it wrong is a tagged error on the value it is about.
 */
final class StructRingDeclarationTest {

    private static final JavaFileObject TICK = source("demo.Tick",
            "package demo;",
            "import io.arenagen.Length;",
            "import io.arenagen.Struct;",
            "@Struct public record Tick(long time, int venue, double price, @Length(4) byte[] code) {}");

    private static JavaFileObject ring(String annotation, String body) {
        return source("demo.Ticks",
                "package demo;",
                "import io.arenagen.Backend;",
                "import io.arenagen.Ring;",
                "import io.arenagen.runtime.queue.IdleStrategy;",
                "import io.arenagen.runtime.queue.LongRing;",
                "import io.arenagen.runtime.queue.StructRing;",
                annotation,
                body);
    }

    private static List<String> errors(Compilation compilation) {
        assertThat(compilation).failed();
        return compilation.errors().stream().map(d -> d.getMessage(null)).toList();
    }

    @Test
    void aStructQueueIsGeneratedWithTheRecordsLayoutAndTypedCopies() throws Exception {
        String name = "/ag-structring-gen-" + ProcessHandle.current().pid();
        SharedMemory.unlink(name);
        Compilation compilation = ArenaCompilation.compile(TICK, ring("@Ring(capacity = 16, policy = Ring.Policy.MPMC, "
                + "element = Tick.class, backend = Backend.SHM, name = \"" + name + "\")",
                "public interface Ticks extends StructRing { boolean offer(Tick tick); Tick poll(); "
                        + "Tick poll(long timeoutNanos, IdleStrategy idle); }"));
        assertThat(compilation).succeededWithoutWarnings();
        GeneratedClasses classes = GeneratedClasses.of(compilation);
        Class<?> impl = classes.load("demo.TicksImpl");
        Class<?> codec = classes.load("demo.TickStruct");
        Class<?> record = classes.load("demo.Tick");
        long bytes = (Long) codec.getField("BYTES").get(null);
        RingLayout layout = RingLayout.of(RingPolicy.MPMC, 16, bytes, (Long) codec.getField("ALIGNMENT").get(null));
        assertEquals(32L, bytes);
        assertEquals(layout, impl.getField("LAYOUT").get(null));
        assertEquals(bytes, impl.getField("ELEMENT_SIZE").get(null));
        assertEquals(8L, impl.getField("ELEMENT_ALIGNMENT").get(null));
        assertEquals(layout.slotSize(), impl.getField("SLOT_SIZE").get(null));
        assertEquals(8L, impl.getField("DATA_OFFSET").get(null));
        assertEquals(layout.totalSize(), impl.getField("TOTAL_SIZE").get(null));
        Object tick = record.getConstructors()[0].newInstance(7L, 3, 99.5, new byte[] {1, 2, 3, 4});
        try (StructRing generated = (StructRing) impl.getConstructor().newInstance();
             StructRing runtime = StructRings.shared(name, RingPolicy.MPMC, 16, bytes, 8)) {
            assertTrue((Boolean) impl.getMethod("offer", record).invoke(generated, tick));
            long at = runtime.peek();
            assertEquals(7L, codec.getMethod("getTime", java.lang.foreign.MemorySegment.class, long.class)
                    .invoke(null, runtime.memory(), at));
            runtime.release(at);
            long claimed = generated.claim();
            codec.getMethod("write", java.lang.foreign.MemorySegment.class, long.class, record)
                    .invoke(null, generated.memory(), claimed, tick);
            generated.commit(claimed);
            Method poll = impl.getMethod("poll");
            assertEquals(tick.toString().replaceAll("\\[B@\\w+", "codes"),
                    poll.invoke(generated).toString().replaceAll("\\[B@\\w+", "codes"));
            assertNull(poll.invoke(generated), "empty: null");
            assertNull(impl.getMethod("poll", long.class, IdleStrategy.class).invoke(generated, 1000L,
                    IdleStrategy.BUSY_SPIN));
            assertTrue((Boolean) impl.getMethod("offer", record, long.class, IdleStrategy.class)
                    .invoke(generated, tick, 0L, IdleStrategy.BUSY_SPIN));
            assertEquals(1, runtime.size());
            Object bad = record.getConstructors()[0].newInstance(8L, 3, 1.0, new byte[] {1});
            assertTrue(impl.getMethod("offer", record).getReturnType() == boolean.class);
            try {
                impl.getMethod("offer", record).invoke(generated, bad);
                throw new AssertionError("an array of another length was accepted");
            } catch (java.lang.reflect.InvocationTargetException expected) {
                assertTrue(expected.getCause() instanceof IllegalArgumentException, expected.getCause().toString());
            }
            assertEquals(1, runtime.size(), "a record that cannot be written claims no slot");
            assertEquals(-1, runtime.stalledPosition());
            assertTrue(generated.toString().startsWith("TicksImpl over shared object " + name),
                    generated.toString());
        } finally {
            SharedMemory.unlink(name);
        }
        String source = ArenaCompilation.generatedSource(compilation, "demo.TicksImpl");
        assertTrue(source.contains("16 slots of 64 bytes (seq at 0, Tick at 8)"), source);
    }

    @Test
    void everySpscAndMpscShapeIsTheRuntimes() throws Exception {
        for (String policy : List.of("SPSC", "MPSC")) {
            Compilation compilation = ArenaCompilation.compile(TICK, ring("@Ring(capacity = 4, policy = Ring.Policy."
                    + policy + ", element = Tick.class)", "interface Ticks extends StructRing {}"));
            assertThat(compilation).succeededWithoutWarnings();
            Class<?> impl = GeneratedClasses.of(compilation).load("demo.TicksImpl");
            java.lang.reflect.Constructor<?> constructor = impl.getDeclaredConstructor();
            constructor.setAccessible(true);
            try (StructRing ring = (StructRing) constructor.newInstance()) {
                assertEquals(RingLayout.of(RingPolicy.valueOf(policy), 4, 32, 8), ring.layout());
                long at = ring.claim();
                ring.commit(at);
                assertEquals(at, ring.peek());
            }
        }
    }

    @Test
    void anElementThatIsNoStructIsRefusedOnTheValue() {
        String annotation = "@Ring(capacity = 8, policy = Ring.Policy.MPSC, element = String.class)";
        Compilation compilation = ArenaCompilation.compileFailing(ring(annotation, "interface Ticks extends StructRing {}"));
        List<String> errors = errors(compilation);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().startsWith("[ArenaRingElementUnsupported] element = java.lang.String.class: a queue "
                + "holds 64-bit values"), errors.getFirst());
        Diagnostic<? extends JavaFileObject> error = compilation.errors().getFirst();
        assertEquals(annotation.indexOf(".class") + 1, error.getColumnNumber(), "on the element value");
        List<String> plainRecord = errors(ArenaCompilation.compileFailing(source("demo.Plain", "package demo;",
                "public record Plain(long a) {}"), ring("@Ring(capacity = 8, policy = Ring.Policy.MPSC, element = "
                + "Plain.class)", "interface Ticks extends StructRing {}")));
        assertTrue(plainRecord.getFirst().startsWith("[ArenaRingElementUnsupported] element = demo.Plain.class"),
                plainRecord.toString());
    }

    @Test
    void theInterfaceMustExtendTheRingOfItsElementAndDeclareOnlyTypedExtras() {
        assertEquals(List.of("[ArenaRingMissingStructRing] interface Ticks does not extend StructRing, the queue of "
                + "element = Tick.class; declare `interface Ticks extends io.arenagen.runtime.queue.StructRing {}` "
                + "(arena-runtime on the class path)"), errors(ArenaCompilation.compile(TICK, ring(
                        "@Ring(capacity = 8, policy = Ring.Policy.MPSC, element = Tick.class)",
                        "interface Ticks extends LongRing {}"))));
        assertTrue(errors(ArenaCompilation.compileFailing(ring("@Ring(capacity = 8, policy = Ring.Policy.MPSC)",
                "interface Ticks extends StructRing {}"))).getFirst().startsWith("[ArenaRingMissingLongRing]"));
        List<String> extra = errors(ArenaCompilation.compile(TICK, ring(
                "@Ring(capacity = 8, policy = Ring.Policy.MPSC, element = Tick.class)",
                "interface Ticks extends StructRing { Tick poll(int wrong); void other(); }")));
        assertEquals(2, extra.size(), extra.toString());
        assertTrue(extra.getFirst().startsWith("[ArenaRingExtraAbstractMethod] abstract method poll of demo.Ticks is not "
                + "a StructRing method nor one of the typed methods the generated class adds (boolean offer(Tick), "
                + "boolean offer(Tick, long, IdleStrategy), Tick poll(), Tick poll(long, IdleStrategy))"),
                extra.getFirst());
    }

    @Test
    void anInvalidStructIsReportedOnTheRecordAloneAndGetsNoQueue() {
        List<String> errors = errors(ArenaCompilation.compileFailing(source("demo.Bad", "package demo;",
                "import io.arenagen.Struct;", "@Struct public record Bad(String text) {}"), ring(
                        "@Ring(capacity = 8, policy = Ring.Policy.MPSC, element = Bad.class)",
                        "interface Ticks extends StructRing {}")));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(!errors.getFirst().startsWith("[ArenaRing"), errors.getFirst());
    }
}

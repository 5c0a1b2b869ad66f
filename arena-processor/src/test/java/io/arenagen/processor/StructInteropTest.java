package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.Structs;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Java and C++ exchange {@code Order} records (with a nested {@code Price}, arrays, padding) through
 * chunks of one shared arena. The peer {@code src/test/cpp/struct_peer.cpp} declares the equivalent C++
 * structs and is compiled here with {@code g++}, every generated constant ({@code BYTES}, {@code ALIGNMENT},
 * {@code *_OFFSET}, {@code *_LENGTH}) passed with {@code -D} and checked with {@code static_assert} against
 * what the compiler made of the structs: if the processor's layout were not gcc's, the peer would not
 * compile. Skipped when {@code g++} is not installed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class StructInteropTest {

    private static final Path PEER = Path.of("target", "cpp-interop", "struct_peer");

    private static GeneratedClasses classes;
    private static Class<?> orderStruct;

    @BeforeAll
    static void compileStructsAndPeer() throws Exception {
        Compilation compilation = ArenaCompilation.compile(StructSources.price(), StructSources.order());
        assertThat(compilation).succeededWithoutWarnings();
        classes = GeneratedClasses.of(compilation);
        orderStruct = classes.load("p.OrderStruct");
        List<String> command = new ArrayList<>(List.of("g++", "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror"));
        command.addAll(defines("PRICE", classes.load("p.PriceStruct")));
        command.addAll(defines("ORDER", orderStruct));
        command.addAll(List.of("-o", PEER.toString(), "src/test/cpp/struct_peer.cpp"));
        Files.createDirectories(PEER.getParent());
        Process gcc;
        try {
            gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            Assumptions.assumeTrue(false, "g++ is not installed (" + noCompiler.getMessage()
                    + "): the C++ struct interoperability test needs it to build src/test/cpp/struct_peer.cpp");
            return;
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, gcc.waitFor(60, TimeUnit.SECONDS), "g++ timed out");
        assertEquals(0, gcc.exitValue(), "g++ rejected the layout or the peer:\n" + String.join(" ", command) + "\n" + output);
    }

    /** {@code -DORDER_BYTES=64}, ... for every public long or int constant of a generated struct class. */
    private static List<String> defines(String prefix, Class<?> struct) throws IllegalAccessException {
        List<String> defines = new ArrayList<>();
        for (Field field : struct.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && (field.getType() == long.class || field.getType() == int.class)) {
                defines.add("-D" + prefix + "_" + field.getName() + "=" + field.get(null));
            }
        }
        return defines;
    }

    private static String uniqueName() {
        return "/ag-struct-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    }

    private static MethodHandle structMethod(String name, MethodType type) throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findStatic(orderStruct, name, type);
    }

    private static String peer(String name, String mode, long offset) throws Exception {
        Process process = new ProcessBuilder(PEER.toString(), name, mode, Long.toString(offset))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(true, process.waitFor(30, TimeUnit.SECONDS), "peer timed out");
        assertEquals(0, process.exitValue(), "peer failed: " + output);
        return output;
    }

    @Test
    void cppReadsWhatJavaWroteAndJavaReadsWhatCppWrote() throws Throwable {
        Class<?> order = classes.load("p.Order");
        Class<?> price = classes.load("p.Price");
        long bytes = (long) orderStruct.getField("BYTES").get(null);
        String name = uniqueName();
        try (SlabAllocator arena = SlabArenas.shared(name, 4, 16, 64)) {
            assertEquals(1, Structs.requireFits(arena, bytes, "Order"));
            long javaChunk = arena.allocateOffset(bytes);
            long cppChunk = arena.allocateOffset(bytes);
            MemorySegment memory = arena.memory();

            Object thePrice = MethodHandles.publicLookup().findConstructor(price,
                    MethodType.methodType(void.class, long.class, byte.class)).invoke(-123_456_789_012L, (byte) 4);
            MethodType orderConstructor = MethodType.methodType(void.class, int.class, boolean.class, char.class,
                    double.class, byte[].class, price, short.class, float.class, int[].class, boolean[].class);
            byte[] symbol = "ARENAGEN".getBytes(StandardCharsets.US_ASCII);
            int[] legs = {1, -2, 3};
            boolean[] flags = {false, true};
            Object written = MethodHandles.publicLookup().findConstructor(order, orderConstructor)
                    .invokeWithArguments(0, true, '\uFFFE', 2.5, symbol, thePrice, (short) -7, 0.25f, legs, flags);
            structMethod("write", MethodType.methodType(void.class, MemorySegment.class, long.class, order))
                    .invoke(memory, javaChunk, written);
            structMethod("setIdRelease", MethodType.methodType(void.class, MemorySegment.class, long.class, int.class))
                    .invoke(memory, javaChunk, 42); // publishes the record
            assertEquals("id=42 live=1 side=65534 qty=2.5 symbol=ARENAGEN ticks=-123456789012 scale=4 venue=-7 "
                    + "ratio=0.25 legs=1,-2,3 flags=0,1", peer(name, "read", javaChunk));

            assertEquals("written", peer(name, "write", cppChunk));
            assertEquals(7, (int) structMethod("getIdAcquire", MethodType.methodType(int.class, MemorySegment.class,
                    long.class)).invoke(memory, cppChunk));
            Object read = structMethod("read", MethodType.methodType(order, MemorySegment.class, long.class))
                    .invoke(memory, cppChunk);
            String text = read.toString().replaceAll("\\[[BIZ]@[0-9a-f]+", "array");
            assertEquals("Order[id=7, live=false, side=\u263A, qty=-1.5, symbol=array, price=Price[ticks=9000000000000001, "
                    + "scale=-3], venue=300, ratio=3.5, legs=array, flags=array]", text);
            assertArrayEquals("CPP PEER".getBytes(StandardCharsets.US_ASCII), (byte[]) order.getMethod("symbol").invoke(read));
            assertArrayEquals(new int[] {10, -20, 30}, (int[]) order.getMethod("legs").invoke(read));
            assertArrayEquals(new boolean[] {true, false}, (boolean[]) order.getMethod("flags").invoke(read));
        } finally {
            SharedMemory.unlink(name);
        }
    }
}

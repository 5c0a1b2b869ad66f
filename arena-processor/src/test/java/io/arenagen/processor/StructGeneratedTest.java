package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compiles {@link StructSources}' structs with the processor (warning-free under {@code -Xlint:all}),
 * loads the generated {@code OrderStruct} and {@code PriceStruct}, and checks the layout against the C
 * rules and every kind of accessor against raw little-endian reads and writes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class StructGeneratedTest {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfChar CHAR = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static GeneratedClasses classes;
    private static Class<?> orderStruct;
    private static Class<?> order;
    private static Class<?> price;

    @BeforeAll
    static void compile() throws Exception {
        Compilation compilation = ArenaCompilation.compile(StructSources.price(), StructSources.order());
        assertThat(compilation).succeededWithoutWarnings();
        Path dump = Path.of("target", "struct-sources", "OrderStruct.java");
        Files.createDirectories(dump.getParent());
        Files.writeString(dump, ArenaCompilation.generatedSource(compilation, "p.OrderStruct"));
        classes = GeneratedClasses.of(compilation);
        orderStruct = classes.load("p.OrderStruct");
        order = classes.load("p.Order");
        price = classes.load("p.Price");
    }

    private static Object call(String name, Object... args) throws Throwable {
        for (var method : orderStruct.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length
                    && matches(method.getParameterTypes(), args)) {
                return MethodHandles.publicLookup().unreflect(method).invokeWithArguments(args);
            }
        }
        throw new AssertionError("no OrderStruct." + name + " for " + List.of(args));
    }

    private static boolean matches(Class<?>[] types, Object[] args) {
        for (int i = 0; i < types.length; i++) {
            Class<?> boxed = MethodType.methodType(types[i]).wrap().returnType();
            if (!boxed.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Object newOrder(int id, byte[] symbol) throws Throwable {
        MethodHandle priceConstructor = MethodHandles.publicLookup().findConstructor(price,
                MethodType.methodType(void.class, long.class, byte.class));
        Object thePrice = priceConstructor.invoke(-123_456_789_012L, (byte) 4);
        MethodHandle constructor = MethodHandles.publicLookup().findConstructor(order, MethodType.methodType(void.class,
                int.class, boolean.class, char.class, double.class, byte[].class, price, short.class, float.class,
                int[].class, boolean[].class));
        return constructor.invokeWithArguments(id, true, '\uFFFE', 2.5, symbol, thePrice, (short) -7, 0.25f,
                new int[] {1, -2, 3}, new boolean[] {false, true});
    }

    @Test
    void layoutIsTheCLayout() {
        assertEquals(64, GeneratedArenaTest.constant(orderStruct, "BYTES"));
        assertEquals(8, GeneratedArenaTest.constant(orderStruct, "ALIGNMENT"));
        long[] expected = {0, 4, 6, 8, 16, 24, 40, 44, 48, 60};
        String[] names = {"ID", "LIVE", "SIDE", "QTY", "SYMBOL", "PRICE", "VENUE", "RATIO", "LEGS", "FLAGS"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(expected[i], GeneratedArenaTest.constant(orderStruct, names[i] + "_OFFSET"), names[i]);
        }
        Class<?> priceStruct = classes.load("p.PriceStruct");
        assertEquals(16, GeneratedArenaTest.constant(priceStruct, "BYTES"));
        assertEquals(8, GeneratedArenaTest.constant(priceStruct, "SCALE_OFFSET"));
        assertTrue(Modifier.isFinal(orderStruct.getModifiers()) && Modifier.isPublic(orderStruct.getModifiers()));
    }

    @Test
    void theStructLayoutAgreesWithTheConstants() throws Exception {
        StructLayout layout = (StructLayout) orderStruct.getField("LAYOUT").get(null);
        assertEquals(64, layout.byteSize());
        assertEquals(8, layout.byteAlignment());
        String[] fields = {"id", "live", "side", "qty", "symbol", "price", "venue", "ratio", "legs", "flags"};
        for (String field : fields) {
            String constant = field.toUpperCase(java.util.Locale.ROOT) + "_OFFSET";
            assertEquals(GeneratedArenaTest.constant(orderStruct, constant),
                    layout.byteOffset(MemoryLayout.PathElement.groupElement(field)), field);
        }
        assertEquals(32, layout.byteOffset(MemoryLayout.PathElement.groupElement("price"),
                MemoryLayout.PathElement.groupElement("scale")));
    }

    @Test
    void writeThenReadRoundTripsAndStoresLittleEndianCFields() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(256, 16);
            byte[] symbol = "ARENAGEN".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Object written = newOrder(42, symbol);
            call("write", memory, 64L, written);
            assertEquals(42, memory.get(INT, 64));
            assertEquals(1, memory.get(ValueLayout.JAVA_BYTE, 64 + 4));
            assertEquals('\uFFFE', memory.get(CHAR, 64 + 6));
            assertEquals(2.5, memory.get(DOUBLE, 64 + 8));
            assertEquals('A', memory.get(ValueLayout.JAVA_BYTE, 64 + 16));
            assertEquals(-123_456_789_012L, memory.get(LONG, 64 + 24));
            assertEquals(4, memory.get(ValueLayout.JAVA_BYTE, 64 + 32));
            assertEquals(-2, memory.get(INT, 64 + 52));
            assertEquals(1, memory.get(ValueLayout.JAVA_BYTE, 64 + 61));
            Object read = call("read", memory, 64L);
            assertEquals(42, order.getMethod("id").invoke(read));
            assertArrayEquals(symbol, (byte[]) order.getMethod("symbol").invoke(read));
            assertArrayEquals(new int[] {1, -2, 3}, (int[]) order.getMethod("legs").invoke(read));
            assertArrayEquals(new boolean[] {false, true}, (boolean[]) order.getMethod("flags").invoke(read));
            assertEquals(order.getMethod("price").invoke(written), order.getMethod("price").invoke(read));
            assertEquals('\uFFFE', call("getSide", memory, 64L));
            assertEquals((short) -7, call("getVenue", memory, 64L));
            assertEquals(0.25f, call("getRatio", memory, 64L));
        }
    }

    @Test
    void fieldAccessorsReadAndWriteOneFieldOnly() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(64, 16);
            call("setQty", memory, 0L, 7.75);
            call("setLive", memory, 0L, true);
            memory.set(ValueLayout.JAVA_BYTE, 4, (byte) 2); // a C peer's odd bool: any non-zero byte is true
            assertEquals(true, call("getLive", memory, 0L));
            assertEquals(7.75, memory.get(DOUBLE, 8));
            call("setSymbolAt", memory, 0L, 7, (byte) 'Z');
            assertEquals((byte) 'Z', call("getSymbolAt", memory, 0L, 7));
            assertEquals((byte) 'Z', memory.get(ValueLayout.JAVA_BYTE, 23));
            call("setLegsAt", memory, 0L, 2, 99);
            assertEquals(99, memory.get(INT, 56));
            assertThrows(IndexOutOfBoundsException.class, () -> call("getLegsAt", memory, 0L, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> call("setSymbolAt", memory, 0L, -1, (byte) 0));
            int[] legs = new int[3];
            call("getLegs", memory, 0L, legs);
            assertEquals(99, legs[2]);
            IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                    () -> call("setLegs", memory, 0L, new int[4]));
            assertEquals("legs has 3 elements in the struct, but the array has 4", wrongLength.getMessage());
            Class<?> priceStruct = classes.load("p.PriceStruct");
            long ticks = (long) MethodHandles.publicLookup().findStatic(priceStruct, "getTicks",
                    MethodType.methodType(long.class, MemorySegment.class, long.class)).invoke(memory, 0L + 24);
            assertEquals(0, ticks);
        }
    }

    @Test
    void intAndLongFieldsHaveAtomicAccessors() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(64, 16);
            call("setIdRelease", memory, 0L, 5);
            assertEquals(5, call("getIdAcquire", memory, 0L));
            assertEquals(true, call("compareAndSetId", memory, 0L, 5, 6));
            assertEquals(false, call("compareAndSetId", memory, 0L, 5, 7));
            assertEquals(6, memory.get(INT, 0));
            Class<?> priceStruct = classes.load("p.PriceStruct");
            MethodHandle cas = MethodHandles.publicLookup().findStatic(priceStruct, "compareAndSetTicks",
                    MethodType.methodType(boolean.class, MemorySegment.class, long.class, long.class, long.class));
            assertTrue((boolean) cas.invoke(memory, 24L, 0L, Long.MIN_VALUE));
            assertEquals(Long.MIN_VALUE, memory.get(LONG, 24));
            assertFalse(hasMethod("compareAndSetQty"), "double fields have no compare-and-set");
        }
    }

    @Test
    void misalignedOrOutOfBoundsStructsFailWithoutWriting() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(128, 16);
            assertThrows(IllegalArgumentException.class, () -> call("getQty", memory, 4L));
            assertThrows(IllegalArgumentException.class, () -> call("getIdAcquire", memory, 4L));
            Object written = newOrder(1, new byte[8]);
            assertThrows(IndexOutOfBoundsException.class, () -> call("write", memory, 72L, written));
            assertEquals(0, memory.get(INT, 72), "nothing written");
            assertThrows(IllegalArgumentException.class, () -> call("write", memory, 0L, newOrder(1, new byte[9])));
            assertEquals(0, memory.get(INT, 0), "nothing written");
        }
    }

    private static boolean hasMethod(String name) {
        for (var method : orderStruct.getMethods()) {
            if (method.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}

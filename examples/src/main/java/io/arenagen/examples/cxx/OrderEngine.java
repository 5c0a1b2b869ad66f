package io.arenagen.examples.cxx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C++ side of the demo, {@code order_engine.cpp} (a resource beside this class), with the layout
 * constants of the generated classes passed as {@code -D} values: the C++ file {@code static_assert}s that its
 * structs and queue slots lie exactly there.
 */
final class OrderEngine {

    /** There is no C++ compiler to build the engine with. */
    static final class NoCompilerException extends IOException {
        private static final long serialVersionUID = 1L;

        NoCompilerException(String compiler, IOException cause) {
            super("This demo needs a C++17 compiler for its C++ side, and `" + compiler + "` could not be started ("
                    + cause.getMessage() + "). Install g++ (Debian/Ubuntu: apt-get install g++) and run it again.",
                    cause);
        }
    }

    private OrderEngine() {
    }

    /** Compiles the engine with {@code compiler} into a new temporary directory; returns the executable. */
    static Path compile(String compiler) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("arenagen-order-engine");
        Path source = dir.resolve("order_engine.cpp");
        try (InputStream in = OrderEngine.class.getResourceAsStream("order_engine.cpp")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("order_engine");
        List<String> command = new ArrayList<>(List.of(compiler, "-std=c++17", "-O2", "-Wall", "-Werror"));
        command.addAll(layoutDefinitions());
        command.addAll(List.of("-o", binary.toString(), source.toString()));
        Process gcc;
        try {
            gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notFound) {
            remove(binary);
            throw new NoCompilerException(compiler, notFound);
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            remove(binary);
            throw new IOException(compiler + " could not build order_engine.cpp (a failed static_assert means C++ "
                    + "lays a struct or a slot out elsewhere than the generated constants say):\n" + output);
        }
        return binary;
    }

    /** Removes what {@link #compile} made: the executable, its source and their directory. */
    static void remove(Path binary) throws IOException {
        Files.deleteIfExists(binary);
        Files.deleteIfExists(binary.resolveSibling("order_engine.cpp"));
        Files.deleteIfExists(binary.getParent());
    }

    /** What the C++ side checks: every size and offset of the records and of both queues, from Java. */
    private static List<String> layoutDefinitions() {
        return List.of(
                "-DORDER_BYTES=" + OrderStruct.BYTES, "-DORDER_ALIGNMENT=" + OrderStruct.ALIGNMENT,
                "-DORDER_ID_OFFSET=" + OrderStruct.ID_OFFSET, "-DORDER_QUANTITY_OFFSET=" + OrderStruct.QUANTITY_OFFSET,
                "-DORDER_LIMIT_OFFSET=" + OrderStruct.LIMIT_OFFSET, "-DORDER_SYMBOL_OFFSET=" + OrderStruct.SYMBOL_OFFSET,
                "-DFILL_BYTES=" + FillStruct.BYTES, "-DFILL_ALIGNMENT=" + FillStruct.ALIGNMENT,
                "-DFILL_ORDER_ID_OFFSET=" + FillStruct.ORDER_ID_OFFSET,
                "-DFILL_QUANTITY_OFFSET=" + FillStruct.QUANTITY_OFFSET, "-DFILL_PRICE_OFFSET=" + FillStruct.PRICE_OFFSET,
                "-DORDERS_CAPACITY=" + OrdersImpl.CAPACITY, "-DORDERS_SLOTS_OFFSET=" + OrdersImpl.SLOTS_OFFSET,
                "-DORDERS_SLOT_SIZE=" + OrdersImpl.SLOT_SIZE, "-DORDERS_DATA_OFFSET=" + OrdersImpl.DATA_OFFSET,
                "-DFILLS_CAPACITY=" + FillsImpl.CAPACITY, "-DFILLS_SLOTS_OFFSET=" + FillsImpl.SLOTS_OFFSET,
                "-DFILLS_SLOT_SIZE=" + FillsImpl.SLOT_SIZE);
    }
}

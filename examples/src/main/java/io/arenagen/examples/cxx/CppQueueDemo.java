package io.arenagen.examples.cxx;

import io.arenagen.runtime.SharedMemory;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Java and C++ exchange {@code @Struct} messages through two shared queues: Java offers {@link Order}s into
 * {@link Orders} (MPSC), a C++ process ({@code order_engine.cpp}, built on the fly with g++) answers each with a
 * {@link Fill} in {@link Fills} (SPSC), which Java reads in place. Every fill is checked against its order.
 *
 * <p>Run it with {@code mvn -q -Pcpp-demo -DskipTests verify}. Without g++ it says so and exits with 2.
 */
public final class CppQueueDemo {

    private static final long WAIT = TimeUnit.SECONDS.toNanos(30);
    private static final byte[] SYMBOL = "ACME    ".getBytes(StandardCharsets.US_ASCII);

    private CppQueueDemo() {
    }

    /** Exchanges {@code count} orders and fills with C++ built by {@code compiler}; throws on any mismatch. */
    public static void run(PrintStream out, int count, String compiler) throws IOException, InterruptedException {
        Path engine = OrderEngine.compile(compiler);
        String suffix = "-" + ProcessHandle.current().pid();
        String ordersName = "/arenagen-orders" + suffix;
        String fillsName = "/arenagen-fills" + suffix;
        try (Orders orders = new OrdersImpl(ordersName); Fills fills = new FillsImpl(fillsName)) {
            Process cpp = new ProcessBuilder(engine.toString(), ordersName, fillsName).redirectErrorStream(true).start();
            long started = System.nanoTime();
            int sent = 0;
            int filled = 0;
            while (filled < count) {
                if (System.nanoTime() - started > WAIT || !cpp.isAlive()) {
                    throw new IllegalStateException("C++ stopped after " + filled + " fills: " + output(cpp)
                            + (cpp.isAlive() ? "" : " (exit " + cpp.exitValue() + ")"));
                }
                if (sent < count && orders.offer(new Order(sent, 100 + sent % 7, 10.0 + sent % 50, SYMBOL))) {
                    sent++;
                }
                long at = fills.peek();                  // the oldest Fill, read in place
                if (at >= 0) {
                    check(fills.memory(), at, filled++);
                    fills.release(at);
                }
            }
            while (!orders.offer(new Order(-1, 0, 0, SYMBOL))) {   // the stop order
                Thread.onSpinWait();
            }
            if (!cpp.waitFor(30, TimeUnit.SECONDS) || cpp.exitValue() != 0) {
                throw new IllegalStateException("C++ did not finish cleanly: " + output(cpp) + (cpp.isAlive() ? ""
                        : " (exit " + cpp.exitValue() + ")"));
            }
            out.printf("  C++ says \"%s\"; Java checked %d fills in %.2f s%n", output(cpp), filled,
                    (System.nanoTime() - started) / 1e9);
        } finally {
            SharedMemory.unlink(ordersName);
            SharedMemory.unlink(fillsName);
            OrderEngine.remove(engine);
        }
    }

    /** The Fill at {@code at} must answer order {@code id}: same quantity, a quarter below its limit. */
    private static void check(MemorySegment memory, long at, long id) {
        long orderId = FillStruct.getOrderId(memory, at);
        int quantity = FillStruct.getQuantity(memory, at);
        double price = FillStruct.getPrice(memory, at);
        if (orderId != id || quantity != 100 + id % 7 || price != 10.0 + id % 50 - 0.25) {
            throw new IllegalStateException("fill " + orderId + " x " + quantity + " @ " + price
                    + " does not answer order " + id);
        }
    }

    private static String output(Process process) throws IOException {
        return process.isAlive() ? "(still running)"
                : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Runs the demo with 100 000 orders; exits 2 without a C++ compiler, 1 on any other failure. */
    public static void main(String[] args) {
        try {
            run(System.out, 100_000, "g++");
        } catch (OrderEngine.NoCompilerException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception | Error e) {
            System.err.println("CppQueueDemo failed: " + e);
            System.exit(1);
        }
    }
}

package io.arenagen.examples.shared;

import io.arenagen.runtime.SharedMemory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two JVMs, one shared arena: this process creates the arena and the queue of offsets, starts a
 * {@link Producer} and a {@link Consumer} JVM, waits for both, then checks that every message
 * chunk came back, and removes the shared object.
 */
public final class SharedMemoryDemo {

    /** Messages exchanged by default. */
    public static final long MESSAGES = 1_000_000;

    private static final long CHILD_TIMEOUT_SECONDS = 60;

    private SharedMemoryDemo() {
    }

    /** Runs the demo with {@code messages} messages, printing to {@code out}; throws on any failure. */
    public static void run(PrintStream out, long messages) throws IOException, InterruptedException {
        String name = "/arenagen-demo-" + ProcessHandle.current().pid();
        Exchange exchange = new Exchange(name, messages);
        SharedMemory.unlink(name);
        SharedMemory.unlink(exchange.queueName());
        try (MessageArena arena = new MessageArenaImpl(name); OffsetQueue queue = exchange.queue()) {

            String[] arguments = exchange.toArguments();
            Process consumer = start(Consumer.class, arguments);
            Process producer = start(Producer.class, arguments);
            long started = System.nanoTime();
            awaitSuccess(producer, "producer");
            awaitSuccess(consumer, "consumer");
            String report = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            out.println("  " + report);
            out.printf("  both JVMs done in %.2f s (including their start-up)%n", (System.nanoTime() - started) / 1e9);

            int back = 0;
            List<Long> taken = new ArrayList<>();
            long chunk;
            while ((chunk = arena.tryAllocateOffset(Message.BYTES)) >= 0) {
                taken.add(chunk);
                back++;
            }
            out.printf("  %d of %d message chunks are free again: nothing lost%n", back, MessageArenaImpl.COUNT);
            if (back != MessageArenaImpl.COUNT) {
                throw new IllegalStateException(back + " of " + MessageArenaImpl.COUNT + " message chunks came back");
            }
            taken.forEach(arena::deallocateOffset);
            out.printf("  %d offsets went through the queue, %d are left in it%n", queue.stats().polled(), queue.size());
            if (!queue.isEmpty()) {
                throw new IllegalStateException(queue.size() + " offsets were left in the queue");
            }
        } finally {
            SharedMemory.unlink(name);
            SharedMemory.unlink(exchange.queueName());
        }
    }

    private static Process start(Class<?> main, String[] arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void awaitSuccess(Process process, String role) throws InterruptedException {
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(role + " did not finish within " + CHILD_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(role + " exited with " + process.exitValue());
        }
    }
}

package io.arenagen.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The parent's handle on a child JVM (a {@link ShmHammer}, the echo side of a round-trip harness):
 * started with this JVM's binary and class path, waited for until it prints {@code ready}, stopped by
 * closing its input, and destroyed forcibly if it does not stop in time. Never leaves a child behind,
 * never waits unboundedly.
 */
public final class ChildJvm implements AutoCloseable {

    private static final long START_SECONDS = 60;
    private static final long STOP_SECONDS = 10;

    private final Process process;
    private final BufferedReader output;

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code main} in a child JVM with {@code jvmOptions} and {@code args}, and returns once it
     * printed {@code ready} on its standard output. The child must stop when its standard input ends.
     *
     * @throws IllegalStateException if it says anything else first, or nothing within a minute
     */
    public static ChildJvm start(List<String> jvmOptions, Class<?> main, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildJvm child = new ChildJvm(process);
        try {
            String line = child.readLine(START_SECONDS);
            if (!"ready".equals(line)) {
                throw new IllegalStateException("the child process " + main.getSimpleName() + " said " + line
                        + " instead of ready");
            }
            return child;
        } catch (RuntimeException | IOException e) {
            child.close();
            throw e;
        }
    }

    /** The binary this JVM runs on, so that the child is the same JDK. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Closes the child's input, which makes it stop and print its pair count, waits for it boundedly
     * and kills it if needed.
     *
     * @return the child's final report, or a note that it had to be killed
     */
    public String stop() {
        try {
            process.getOutputStream().close();
            String report = readLine(STOP_SECONDS);
            if (process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                return report + ", exit " + process.exitValue();
            }
            return report + ", killed: did not exit";
        } catch (IOException | RuntimeException e) {
            return "killed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "killed: interrupted";
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String readLine(long seconds) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the child's output", e);
            }
        });
        try {
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the child process said nothing for " + seconds + " s", e);
        } catch (ExecutionException e) {
            throw new IOException("the child's output failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the child process", e);
        }
    }
}

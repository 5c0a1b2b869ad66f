package io.arenagen.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The parent's handle on a {@link ShmHammer} child JVM: started with this JVM's binary and class
 * path, waited for until it reports {@code ready}, stopped by closing its input, and destroyed
 * forcibly if it does not stop in time. Never leaves a child behind, never waits unboundedly.
 */
final class Hammer implements AutoCloseable {

    private static final long START_SECONDS = 60;
    private static final long STOP_SECONDS = 10;

    private final Process process;
    private final BufferedReader output;

    private Hammer(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts a hammer on the shared arena {@code name} and returns once it is attached and working.
     *
     * @throws IllegalStateException if it does not report ready within a minute
     */
    static Hammer start(String name, String kind) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ShmHammer.class.getName(), name, kind))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Hammer hammer = new Hammer(process);
        try {
            String line = hammer.readLine(START_SECONDS);
            if (!"ready".equals(line)) {
                throw new IllegalStateException("the hammer process said " + line + " instead of ready");
            }
            return hammer;
        } catch (RuntimeException | IOException e) {
            hammer.close();
            throw e;
        }
    }

    /**
     * Closes the child's input, which makes it stop and print its pair count, waits for it boundedly
     * and kills it if needed.
     *
     * @return the child's final report, or a note that it had to be killed
     */
    String stop() {
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
                throw new IllegalStateException("cannot read the hammer's output", e);
            }
        });
        try {
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the hammer process said nothing for " + seconds + " s", e);
        } catch (ExecutionException e) {
            throw new IOException("the hammer's output failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the hammer process", e);
        }
    }
}

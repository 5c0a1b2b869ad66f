package io.arenagen.runtime.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test main class run in a child JVM: the JVM and class path of this one, native access enabled,
 * and the serial collector with C1 only, which start about twice as fast on a busy two-core machine.
 * Output lines (stdout and stderr) are collected by a daemon thread so that waiting for a line is
 * bounded; every wait has a timeout and ends with {@link Process#destroyForcibly()}, so a child can
 * never hang a test. Lines can be sent to the child's stdin with {@link #send}.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "child-" + process.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args} in a new JVM. */
    public static ChildJvm start(Class<?> main, String... args) {
        return startWrapped(List.of(), main, args);
    }

    /**
     * Starts {@code main} with {@code args} in a new JVM run by {@code wrapper}, a command that ends by
     * executing its arguments (for example {@code unshare -m sh -c '...; exec "$@"' sh}).
     */
    public static ChildJvm startWrapped(List<String> wrapper, Class<?> main, String... args) {
        // info().command() may be unavailable where /proc is restricted; java.home never is.
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child's pid. */
    public long pid() {
        return process.pid();
    }

    /** Writes {@code line} and a newline to the child's stdin; fails the test if the child is gone. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            fail("child " + pid() + " does not take input any more: " + e + "; output: " + transcript());
        }
    }

    /** Waits for an output line starting with {@code prefix} and returns it; fails the test after {@code timeout}. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                process.destroyForcibly();
                fail("child " + pid() + " printed no line starting with \"" + prefix + "\" within " + timeout
                        + "; output so far: " + transcript());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Waits for a normal exit and returns the exit code; kills and fails the test after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("child " + pid() + " did not exit within " + timeout + "; output: " + transcript());
        }
        return process.exitValue();
    }

    /** Sends SIGKILL and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            fail("child " + pid() + " survived SIGKILL for 10 s");
        }
    }

    /** Everything the child printed so far. */
    public String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    /** Kills the child if it is still running; restores the interrupt flag if interrupted while waiting. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (transcript) {
                    transcript.add(line);
                }
                lines.add(line);
            }
        } catch (IOException closed) {
            // the process is gone; what it printed is in the transcript
        }
    }
}

package io.arenagen.runtime.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the hostile-host tests need from the machine: root (to act as another uid with {@code setpriv}
 * and to mount in a private mount namespace with {@code unshare -m}) and the tools themselves. A test
 * that lacks one is skipped with a message naming what is missing.
 */
final class HostileHost {

    private HostileHost() {
    }

    /** Skips the calling test unless this process is root and every tool is on the PATH. */
    static void assumeRootWith(String... tools) {
        int euid = effectiveUid();
        assumeTrue(euid == 0, "needs root (euid 0) to switch uid and mount; running as euid " + euid);
        for (String tool : tools) {
            assumeTrue(onPath(tool), "needs " + tool + " on the PATH");
        }
    }

    /** Skips the calling test unless {@code unshare -m} may mount a tmpfs here (not in every container). */
    static void assumeMountNamespaces() throws Exception {
        assumeRootWith("unshare", "mount", "sh");
        Process probe = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt")
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "needs unshare -m with mount (CAP_SYS_ADMIN); it failed: " + output);
    }

    /** Runs {@code command} to its end and fails unless it exits 0; returns its output. */
    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish: " + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited " + process.exitValue() + ": " + output);
        }
        return output;
    }

    /** The effective uid, the second field of the {@code Uid:} line of {@code /proc/self/status}. */
    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
        return -1;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}

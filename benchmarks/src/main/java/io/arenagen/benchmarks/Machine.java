package io.arenagen.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a result depends on: CPU, memory, JDK, and how busy the machine was. */
public final class Machine {

    private Machine() {
    }

    /** One Markdown line per fact. */
    public static List<String> describe() {
        return List.of(
                "- CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " processors available",
                "- memory: " + memTotal(),
                "- JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                        + System.getProperty("java.vm.vendor") + ")",
                "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** The 1, 5 and 15 minute load averages, or {@code unknown}. */
    public static String loadAverage() {
        String line = read(Path.of("/proc/loadavg"));
        if (line.isEmpty()) {
            return "unknown";
        }
        String[] fields = line.trim().split("\\s+");
        return fields[0] + " / " + fields[1] + " / " + fields[2];
    }

    private static String cpuModel() {
        return read(Path.of("/proc/cpuinfo")).lines()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse(System.getProperty("os.arch"));
    }

    private static String memTotal() {
        return read(Path.of("/proc/meminfo")).lines()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.1f GiB", kib / (1024.0 * 1024.0));
                })
                .findFirst().orElse("unknown");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}

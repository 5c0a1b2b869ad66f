package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child main: reports whether {@code /proc/<pid>} is visible to it, then opens arena {@code name}
 * (count 6, sizes 16 and 128, 300 ms init timeout) and prints {@code OPENED} or
 * {@code REFUSED <message>}.
 */
public final class BusyPoolOpenerMain {

    private BusyPoolOpenerMain() {
    }

    public static void main(String[] args) {
        String name = args[0];
        long pid = Long.parseLong(args[1]);
        System.out.println("VISIBLE " + Files.exists(Path.of("/proc", Long.toString(pid))));
        try (SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withInitTimeout(Duration.ofMillis(300)),
                6, 16, 128)) {
            System.out.println("OPENED " + arena.totalSize());
        } catch (ArenaException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}

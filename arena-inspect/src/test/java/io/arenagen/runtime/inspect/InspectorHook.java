package io.arenagen.runtime.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The runtime's test hook ({@code ArenaInspector.afterMapping}) for the command's tests: this class shares
 * the runtime's package on the test class path, so it may set it.
 */
public final class InspectorHook {

    private InspectorHook() {
    }

    /** Until {@link #reset()}, every inspection truncates its object to 0 bytes between mapping and reading. */
    public static void truncateAfterMapping() {
        ArenaInspector.afterMapping = name -> {
            try (FileChannel channel = FileChannel.open(Path.of("/dev/shm", name.substring(1)),
                    StandardOpenOption.WRITE)) {
                channel.truncate(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Inspections read their objects as they are again. */
    public static void reset() {
        ArenaInspector.afterMapping = name -> { };
    }
}

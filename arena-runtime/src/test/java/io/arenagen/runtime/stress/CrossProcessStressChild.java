package io.arenagen.runtime.stress;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child process of {@link CrossProcessStressTest}: attaches to the shared arena and to the
 * ownership table file, prints {@code READY}, waits for a line on stdin (so that all workers start
 * together), runs a {@link ChunkStamper} and prints its {@link StressReport}. Exit status 0 for a
 * clean run, 1 for double hand-outs or corruption, 2 for an exception, 3 if stdin closed early.
 *
 * <p>Arguments: {@code name count sizes(comma-separated) tableFile owner millis maxRequest maxHeld}.
 */
public final class CrossProcessStressChild {

    private CrossProcessStressChild() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(2);
        }
    }

    private static int run(String[] args) throws Exception {
        String name = args[0];
        long count = Long.parseLong(args[1]);
        long[] sizes = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        Path tableFile = Path.of(args[3]);
        int owner = Integer.parseInt(args[4]);
        long millis = Long.parseLong(args[5]);
        long maxRequest = Long.parseLong(args[6]);
        int maxHeld = Integer.parseInt(args[7]);
        ArenaLayout layout = ArenaLayout.of(count, sizes);
        try (SlabAllocator arena = SlabArenas.shared(name, count, sizes);
             MappedOwnership table = MappedOwnership.open(tableFile, (int) (count * sizes.length))) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (in.readLine() == null) {
                return 3; // the parent gave up on us
            }
            StressReport report = new ChunkStamper(arena, layout, table, owner, maxRequest, maxHeld, owner * 7919L)
                    .run(millis);
            System.out.println(report.toLine());
            System.out.flush();
            return report.clean() ? 0 : 1;
        }
    }
}

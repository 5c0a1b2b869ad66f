package io.arenagen.runtime.testkit;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A child that attaches to the shared arena {@code name} with reclamation (which reclaims at attach),
 * prints {@code ready}, waits for a line on stdin, then calls {@code reclaim()} over and over, printing
 * {@code reclaimed <n>} for each call that gave chunks back, until it is killed; a test kills it at a
 * random moment, often in the middle of a reclaim. Arguments: {@code name count sizes(comma-separated)}.
 */
public final class ReclaimerMain {

    private ReclaimerMain() {
    }

    /** Starts one. */
    public static ChildJvm start(String name, long count, String sizes) {
        return ChildJvm.start(ReclaimerMain.class, name, Long.toString(count), sizes);
    }

    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[1]);
        long[] sizes = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        SlabAllocator arena = SlabArenas.shared(args[0], ShmOptions.defaults().withReclamation(), count, sizes);
        System.out.println("ready");
        System.out.flush();
        if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
            System.exit(3);
        }
        while (true) {
            long reclaimed = arena.reclaim();
            if (reclaimed > 0) {
                System.out.println("reclaimed " + reclaimed);
                System.out.flush();
            }
        }
    }
}

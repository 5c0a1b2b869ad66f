package io.arenagen.runtime.testkit;

import io.arenagen.runtime.ShmOptions;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.ThreadCache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A child that opens the shared arena {@code name} with reclamation, allocates {@code held} chunks of
 * {@code size} bytes from the arena, {@code cached} through a thread cache of {@code cap} (whose refills
 * park more), and {@code released} more that it releases (in transit); stamps every chunk it holds with
 * {@link ChunkStamp}, prints {@code held <offsets>} (only their number beyond 100 000), {@code released <offsets>},
 * {@code parked <n>}, {@code pid <pid>} and {@code ready}, then waits on stdin until it is killed (or stdin closes).
 *
 * <p>Arguments: {@code name count sizes(comma-separated) size held cached cap released}.
 */
public final class HoldMain {

    private HoldMain() {
    }

    /** Starts one in a JVM run by {@code wrapper} (see {@link ChildJvm#startWrapped}). */
    public static ChildJvm startWrapped(java.util.List<String> wrapper, String name, long count, String sizes, long size,
                                        int held) {
        return ChildJvm.startWrapped(wrapper, HoldMain.class, name, Long.toString(count), sizes, Long.toString(size),
                Integer.toString(held), "0", "0", "0");
    }

    /** Starts one. */
    public static ChildJvm start(String name, long count, String sizes, long size, int held, int cached, int cap,
                                 int released) {
        return ChildJvm.start(HoldMain.class, name, Long.toString(count), sizes, Long.toString(size),
                Integer.toString(held), Integer.toString(cached), Integer.toString(cap), Integer.toString(released));
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        long count = Long.parseLong(args[1]);
        long[] sizes = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        long size = Long.parseLong(args[3]);
        int held = Integer.parseInt(args[4]);
        int cached = Integer.parseInt(args[5]);
        int cap = Integer.parseInt(args[6]);
        int released = Integer.parseInt(args[7]);
        long stamp = ChunkStamp.of(ProcessHandle.current().pid(), 0);
        SlabAllocator arena = SlabArenas.shared(name, ShmOptions.defaults().withReclamation(), count, sizes);
        StringJoiner heldOffsets = new StringJoiner(",");
        for (int i = 0; i < held; i++) {
            long at = arena.allocateOffset(size);
            ChunkStamp.claim(arena.memory(), at, stamp);
            heldOffsets.add(Long.toString(at));
        }
        ThreadCache cache = cached > 0 ? arena.threadCache(cap) : null;
        for (int i = 0; i < cached; i++) {
            long at = cache.allocateOffset(size);
            ChunkStamp.claim(arena.memory(), at, stamp);
            heldOffsets.add(Long.toString(at));
        }
        StringJoiner releasedOffsets = new StringJoiner(",");
        for (int i = 0; i < released; i++) {
            long at = arena.allocateOffset(size);
            arena.release(at);
            releasedOffsets.add(Long.toString(at));
        }
        System.out.println("held " + (held + cached > 100_000 ? "(" + (held + cached) + " chunks)" : heldOffsets));
        System.out.println("released " + releasedOffsets);
        System.out.println("parked " + (cache == null ? 0 : cache.parked(0)));
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.exit(0); // without close: as if it died
    }
}

package io.arenagen.examples.reclaim;

import io.arenagen.examples.guide.ReclaimingArena;
import io.arenagen.examples.guide.ReclaimingArenaImpl;
import io.arenagen.runtime.ThreadCache;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.util.StringJoiner;

/**
 * A child process for {@link ReclaimingArenaSigkillTest}: opens the generated {@link ReclaimingArena} on
 * {@code args[0]}, holds {@code args[1]} chunks of pool 0 and {@code args[2]} of pool 1 through the arena, and
 * more through a thread cache (taken and parked ones), stamps each with its pid, prints {@code held <offsets>}
 * and {@code ready}, then waits for its kill.
 */
public final class HolderMain {

    private HolderMain() {
    }

    public static void main(String[] args) throws IOException {
        ReclaimingArena arena = new ReclaimingArenaImpl(args[0]);
        long pid = ProcessHandle.current().pid();
        StringJoiner held = new StringJoiner(",");
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            held.add(Long.toString(stamp(arena, arena.allocateOffset(64), pid)));
        }
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            held.add(Long.toString(stamp(arena, arena.tryAllocateOffset(1024), pid)));
        }
        ThreadCache cache = arena.threadCache(16);
        for (int i = 0; i < 4; i++) {
            held.add(Long.toString(stamp(arena, cache.allocateOffset(64), pid))); // the rest of the batch is parked
        }
        System.out.println("held " + held);
        System.out.println("ready");
        System.out.flush();
        System.in.read(); // until killed; never closed: a dead process closes nothing
    }

    private static long stamp(ReclaimingArena arena, long offset, long pid) {
        if (offset < 0) {
            throw new IllegalStateException("the arena ran out of chunks");
        }
        arena.memory().set(ValueLayout.JAVA_LONG, offset, pid);
        return offset;
    }
}

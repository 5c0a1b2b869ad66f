package io.arenagen.examples.guide;

import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.ShmOptions;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The code of docs/reclamation.md for a declared arena ({@link ReclaimingArena}), compiled and run
 * (ExamplesTest): two handles of one process stand for two processes, and closing one is what its death
 * would be, so the other gets its chunks back.
 */
public final class ReclamationGuide {

    private ReclamationGuide() {
    }

    /** Allocates, hands a chunk over, closes the sender with a chunk held and reclaims it; unlinks {@code name}. */
    public static void run(PrintStream out, String name) {
        try (ReclaimingArena receiver = new ReclaimingArenaImpl(name)) {   // reclamation on: the declaration says so
            ReclaimingArena sender = new ReclaimingArenaImpl(name,
                    ShmOptions.defaults().withInitTimeout(Duration.ofSeconds(1)));  // still on, whatever the options
            long kept = sender.allocateOffset(64);
            long sent = sender.allocateOffset(64);
            sender.release(sent);             // in transit: never reclaimed with the sender
            receiver.adopt(sent);             // the receiver's from here on
            sender.close();                   // as if its process died: kept is still recorded as the sender's
            long back = receiver.reclaim();   // kept goes back to the free list
            out.println("  reclamation " + receiver.reclamation() + ", kept " + kept + ", reclaimed " + back
                    + " chunk(s), " + receiver.stats().inUse() + " in use");
            receiver.deallocateOffset(sent);
        } finally {
            SharedMemory.unlink(name);
        }
    }
}

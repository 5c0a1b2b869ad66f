package io.arenagen.runtime;

import io.arenagen.runtime.queue.LongRing;
import io.arenagen.runtime.queue.LongRings;
import io.arenagen.runtime.queue.RingPolicy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recipes of {@code docs/reclamation.md}, compiled and run: opting in, and a chunk that travels
 * through a queue from one handle to another (two handles of one process are two owners, as two
 * processes are). The docs quote these lines verbatim.
 */
@Timeout(30)
class ReclamationRecipeTest {

    private final String name = "/ag-recipe-" + ProcessHandle.current().pid() + "-reclaim";
    private final String queueName = name + "-queue";

    @AfterEach
    void unlink() {
        SharedMemory.unlink(name);
        LongRings.unlink(queueName);
    }

    @Test
    void aChunkTravelsThroughAQueueFromItsSenderToItsReceiver() {
        ShmOptions options = ShmOptions.defaults().withReclamation();
        try (SlabAllocator sender = SlabArenas.shared(name, options, 1024, 64, 256);
             SlabAllocator receiver = SlabArenas.shared(name, options, 1024, 64, 256);
             LongRing queue = LongRings.shared(queueName, RingPolicy.SPSC, 64)) {
            long chunk = sender.allocateOffset(64);
            sender.release(chunk);                 // in transit from here on: never reclaimed with the sender
            if (!queue.offer(chunk)) {
                sender.adopt(chunk);               // not sent after all: the sender's again
            }

            long received = queue.poll(-1);
            if (received >= 0) {
                receiver.adopt(received);          // the receiver's from here on
                // ... use it ...
                receiver.deallocateOffset(received);
            }
            assertEquals(chunk, received);
            assertEquals(0, sender.reclaim(), "both handles are alive");
            assertTrue(receiver.reclamation());
        }
    }
}

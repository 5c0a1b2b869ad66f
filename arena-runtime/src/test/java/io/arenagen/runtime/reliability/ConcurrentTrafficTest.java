package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A short, in-process version of the stamped stress test that runs in every build and under PIT
 * (the long one is tagged {@code stress}): three threads contend for four chunks per pool, so CAS
 * failures and retries are frequent, and no chunk may be handed out twice.
 */
@Timeout(60)
class ConcurrentTrafficTest {

    @Test
    void contendedTrafficNeverHandsAChunkOutTwice() throws Exception {
        ArenaLayout layout = ArenaLayout.of(4, 16, 64);
        try (SlabAllocator arena = SlabArenas.local(4, 16, 64)) {
            Hammer[] hammers = new Hammer[3];
            Thread[] threads = new Thread[hammers.length];
            for (int t = 0; t < hammers.length; t++) {
                Hammer hammer = new Hammer(arena, ChunkStamp.of(1, t), 16, 64);
                hammers[t] = hammer;
                threads[t] = new Thread(() -> hammer.run(200_000, 0));
                threads[t].start();
            }
            long doubles = 0;
            for (int t = 0; t < threads.length; t++) {
                threads[t].join(50_000);
                doubles += hammers[t].violations();
            }
            assertEquals(0, doubles);
            PoolAudit.assertAllFree(arena.memory(), layout);
        }
    }
}

package io.arenagen.runtime.reliability;

import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.testkit.ChunkStamp;
import io.arenagen.runtime.testkit.Hammer;
import io.arenagen.runtime.testkit.HammerReport;
import io.arenagen.runtime.testkit.PoolAudit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short, in-process version of the stamped stress tests that runs in every build and under PIT
 * (the long ones are tagged {@code stress}): three {@link Hammer} threads contend for four chunks
 * per pool, so CAS failures and retries are frequent, and no chunk may be handed out twice.
 */
@Timeout(60)
class ConcurrentTrafficTest {

    @Test
    void contendedTrafficNeverHandsAChunkOutTwice() throws Exception {
        ArenaLayout layout = ArenaLayout.of(4, 16, 64);
        try (SlabAllocator arena = SlabArenas.local(4, 16, 64)) {
            List<Hammer> hammers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                hammers.add(new Hammer(arena, layout, ChunkStamp.of(1, t), 64, 2, t));
            }
            HammerReport total = Hammer.runInThreads(hammers, 400_000, Hammer.until(0), Duration.ofSeconds(50));
            total.assertClean();
            assertTrue(total.allocations() > 0, "the threads got chunks: " + total);
            PoolAudit.assertEveryChunkBackOnce(arena, layout);
        }
    }
}

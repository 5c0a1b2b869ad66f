package io.arenagen.examples;

import io.arenagen.examples.guide.Guide;
import io.arenagen.examples.guide.MetricsGuide;
import io.arenagen.examples.guide.QueuesGuide;
import io.arenagen.examples.guide.ReclamationGuide;
import io.arenagen.examples.injection.Wiring;
import io.arenagen.examples.promotion.PromotionDemo;
import io.arenagen.examples.quickstart.QuickStart;
import io.arenagen.examples.shared.SharedMemoryDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each example runs against classes the processor generated in this module's own build. */
@Timeout(120)
class ExamplesTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickStartReadsBackTheSample() {
        QuickStart.run(out);
        assertTrue(printed().contains("sample {id=42, value=3.14}"), printed());
    }

    @Test
    void promotionServesFromLargerPoolsAndTryAllocateDoesNot() {
        PromotionDemo.run(out);
        assertTrue(printed().contains("#3 -> pool 1 (256 B)"), printed());
        assertTrue(printed().contains("#7 -> none"), printed());
        assertTrue(printed().contains("pool 0 (64 B): 2 of 2 in use, found empty 7 time(s)"), printed());
    }

    @Test
    void wiringBindsTheInterfaceToTheGeneratedClass() {
        Wiring.run(out);
        assertTrue(printed().contains("MarketDataArena -> MarketDataArenaImpl"), printed());
    }

    @Test
    void twoProcessesExchangeMessagesWithoutLoss() throws Exception {
        SharedMemoryDemo.run(out, 100_000);
        assertTrue(printed().contains("100000 messages verified"), printed());
        assertTrue(printed().contains("512 of 512 message chunks are free again"), printed());
        assertTrue(printed().contains("100000 offsets went through the queue, 0 are left in it"), printed());
    }

    @Test
    void theMetricsGuideBindsRemovesAndPublishes() {
        MetricsGuide.run(out);
        assertTrue(printed().contains("feed pool 0 in use: 1.0"), printed());
        assertTrue(printed().contains("feed meters after close: 0"), printed());
        assertTrue(printed().contains("core-3 pool 0 in use: 1.0"), printed());
    }

    @Test
    void theQueuesGuideOffersAndPolls() {
        QueuesGuide.run(out, "/arenagen-examples-queues-" + ProcessHandle.current().pid());
        assertTrue(printed().contains(", 0 left"), printed());
        assertTrue(printed().contains("stalled position -1"), printed());
        assertTrue(printed().contains("capacities 1024, 256, 64; local polled 7"), printed());
    }

    @Test
    void theGuidesSnippetsRunAsTheGuideSays() throws Exception {
        Guide.run(out, "/arenagen-examples-guide-" + ProcessHandle.current().pid());
        assertTrue(printed().contains("SizingArenaImpl.TOTAL_SIZE = 1073807616"), printed());
        assertTrue(printed().contains("full: offer accepted false, allocateWithin(100 ms) -> -1"), printed());
        assertTrue(printed().contains("reopened: 1 chunk(s) in use"), printed());
        assertTrue(printed().contains("started clean: 0 chunk(s) in use"), printed());
        assertTrue(printed().contains("pool 0 (64 B): 1 of 1024 in use, 0 exhaustion(s)"), printed());
    }

    @Test
    void theReclamationGuideGetsAClosedHandlesChunkBack() {
        ReclamationGuide.run(out, "/arenagen-examples-reclaim-" + ProcessHandle.current().pid());
        assertTrue(printed().contains("reclamation true, kept 80, reclaimed 1 chunk(s), 1 in use"), printed());
    }
}

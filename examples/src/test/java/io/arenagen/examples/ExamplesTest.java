package io.arenagen.examples;

import io.arenagen.examples.cxx.CppQueueDemo;
import io.arenagen.examples.guide.Guide;
import io.arenagen.examples.guide.MetricsGuide;
import io.arenagen.examples.guide.QueuesGuide;
import io.arenagen.examples.guide.ReclamationGuide;
import io.arenagen.examples.injection.Wiring;
import io.arenagen.examples.promotion.PromotionDemo;
import io.arenagen.examples.quickstart.QuickStart;
import io.arenagen.examples.shared.SharedMemoryDemo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(printed().contains("in place: order 42"), printed());
        assertTrue(printed().contains("copied: order 7, 0 left"), printed());
        assertTrue(printed().contains("run-time struct ring: 64-byte slots, 0 left"), printed());
    }

    @Test
    void javaAndCppExchangeStructMessages() throws Exception {
        Assumptions.assumeTrue(hasGpp(), "g++ is not installed: the C++ demo cannot build its C++ side");
        CppQueueDemo.run(out, 20_000, "g++");
        assertTrue(printed().contains("C++ says \"filled 20000\""), printed());
        assertTrue(printed().contains("Java checked 20000 fills"), printed());
    }

    @Test
    void withoutACppCompilerTheCppDemoSaysSoAndExitsWithTwo() throws Exception {
        ProcessBuilder demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CppQueueDemo.class.getName()).redirectErrorStream(true);
        demo.environment().put("PATH", "/nonexistent");
        Process process = demo.start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), said);
        assertTrue(said.contains("This demo needs a C++17 compiler for its C++ side, and `g++` could not be started"),
                said);
        assertTrue(said.contains("Install g++"), said);
    }

    private static boolean hasGpp() {
        try {
            return new ProcessBuilder("g++", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
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

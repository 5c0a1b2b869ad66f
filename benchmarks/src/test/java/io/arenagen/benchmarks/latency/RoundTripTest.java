package io.arenagen.benchmarks.latency;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness end to end, briefly: both transports with a real echo JVM, every message sent comes back
 * once and in order and is counted once, the report shows both and the budget, and nothing is left in
 * {@code /dev/shm}. The latencies themselves are not checked (this machine's load decides them).
 */
class RoundTripTest {

    @Test
    void everyTransportRoundTripsEveryMessageAndCleansUp() throws IOException {
        RoundTripOptions options = RoundTripOptions.parse("--rate", "20000", "--seconds", "1", "--warmup", "0.5");
        assertEquals(20_000, options.messages());
        assertEquals(10_000, options.warmupMessages());

        List<RoundTrip.Result> results = RoundTrip.run(options, System.err);

        assertEquals(List.of(Transport.ARENAGEN, Transport.STRUCTS, Transport.AGRONA),
                results.stream().map(RoundTrip.Result::transport).toList());
        for (RoundTrip.Result result : results) {
            Histogram histogram = result.histogram();
            assertEquals(options.messages(), result.sent(), result.transport().label());
            assertEquals(result.sent(), histogram.getTotalCount(), result.transport().label());
            assertTrue(histogram.getValueAtPercentile(50) > 0, result.transport().label());
            assertTrue(histogram.getMaxValue() >= histogram.getValueAtPercentile(99.9), result.transport().label());
            // The echo process counts what it echoed, warm-up included, and exits normally.
            assertEquals("echoed " + (options.warmupMessages() + options.messages()) + ", exit 0", result.echo());
        }
        String report = RoundTripReport.markdown(options, results);
        assertTrue(report.contains("| " + Transport.ARENAGEN.label() + " | "), report);
        assertTrue(report.contains("| " + Transport.STRUCTS.label() + " | "), report);
        assertTrue(report.contains("| " + Transport.AGRONA.label() + " | "), report);
        for (Transport ours : List.of(Transport.ARENAGEN, Transport.STRUCTS)) {
            assertTrue(report.contains("| " + ours.label() + " / Agrona | "), report);
            for (String percentile : List.of("p50", "p99.9")) {
                assertTrue(report.matches("(?s).*\\| " + percentile + ", " + ours.argument()
                        + " / Agrona \\| [0-9.]+ \\| ≤ 1.0 \\| (PASS|FAIL) \\|.*"), report);
            }
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertMessage("--rate 0 is out of range", "--rate", "0");
        assertMessage("--rate x is not a whole number", "--rate", "x");
        assertMessage("--seconds -1.0 measures no message", "--seconds", "-1");
        assertMessage("--warmup -2.0 is negative", "--warmup", "-2");
        assertMessage("option --rat is unknown", "--rat", "5");
        assertMessage("--seconds needs a value", "--seconds");
        assertMessage("transport udp is unknown", "--transport", "udp");
        assertMessage("transport  is unknown", "--transport", "agrona,");
    }

    @Test
    void transportsAreMeasuredInTheOrderGiven() {
        assertEquals(List.of(Transport.AGRONA, Transport.ARENAGEN),
                RoundTripOptions.parse("--transport", "agrona,arenagen").transports());
        assertEquals(List.of(Transport.ARENAGEN, Transport.STRUCTS, Transport.AGRONA),
                RoundTripOptions.parse("--transport", "all").transports());
        assertEquals(List.of(Transport.STRUCTS, Transport.AGRONA),
                RoundTripOptions.parse("--transport", "structs,agrona").transports());
        assertEquals(List.of(Transport.AGRONA), RoundTripOptions.parse("--transport", "AGRONA").transports());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoundTripOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** This JVM's shared objects and files that are still in /dev/shm. */
    private static List<Path> leftovers() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        String prefix = "ag-bench-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(shm)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)).toList();
        }
    }
}

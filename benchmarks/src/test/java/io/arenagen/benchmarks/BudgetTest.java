package io.arenagen.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing of requests and the number formats of the report. */
class BudgetTest {

    @Test
    void requestsNameTheirConfigurationAndSize() {
        assertEquals(2048, Requests.size(Requests.P8_LAST));
        assertEquals(8, Requests.sizes(Requests.P8_LAST).length);
        assertEquals(64, Requests.size(Requests.P3_FIRST));
        assertEquals(1024, Requests.sizes(Requests.P3_LAST)[2]);
        assertThrows(IllegalArgumentException.class, () -> Requests.sizes("5x64"));
    }

    @Test
    void generatedRequestsGoToTheArenaOfTheirConfiguration() {
        assertEquals("GeneratedArena3Benchmark.offset", Budget.generated(Requests.P3_LAST, "offset"));
        assertEquals("GeneratedArena8Benchmark.segment", Budget.generated(Requests.P8_FIRST, "segment"));
    }

    @Test
    void generatedConfinedRequestsGoToTheConfinedArenaOfTheirConfiguration() {
        assertEquals("GeneratedConfinedArena3Benchmark.offset", Budget.generatedConfined(Requests.P3_FIRST, "offset"));
        assertEquals("GeneratedConfinedArena8Benchmark.segment", Budget.generatedConfined(Requests.P8_LAST, "segment"));
    }

    @Test
    void anAbsentGeneratedConfinedArenaIsOneMissingLineAndNoFailure() {
        List<Budget.Check> checks = new Budget(new Results(List.of())).checks();
        List<Budget.Check> generatedConfined = checks.stream()
                .filter(check -> check.target().startsWith("generated confined")).toList();
        assertEquals(1, generatedConfined.size(), generatedConfined.toString());
        assertEquals(Budget.Verdict.MISSING, generatedConfined.getFirst().verdict());
        assertTrue(checks.stream().noneMatch(check -> check.verdict() == Budget.Verdict.FAIL));
        assertTrue(checks.stream().anyMatch(check -> check.target().equals("run-time confined offset pair / plain floor")));
    }

    @Test
    void durationsUseTheLargestFittingUnit() {
        assertEquals("17.2 ns", ReportTables.duration(17.23));
        assertEquals("58.3 ms", ReportTables.duration(58_300_074));
        assertEquals("1.00 µs", ReportTables.duration(1000));
        assertEquals("–", ReportTables.duration(Double.NaN));
    }
}

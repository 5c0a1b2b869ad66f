package io.arenagen.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void durationsUseTheLargestFittingUnit() {
        assertEquals("17.2 ns", ReportTables.duration(17.23));
        assertEquals("58.3 ms", ReportTables.duration(58_300_074));
        assertEquals("1.00 µs", ReportTables.duration(1000));
        assertEquals("–", ReportTables.duration(Double.NaN));
    }
}

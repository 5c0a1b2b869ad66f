package io.arenagen.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders {@link Results} and the {@link Budget} as Markdown tables. */
public final class ReportTables {

    private record Row(String label, String benchmark) {
    }

    private static final List<String> HEADERS = List.of("3 pools, 64 B (first)", "3 pools, 1024 B (last)",
            "8 pools, 16 B (first)", "8 pools, 2048 B (last)");

    private final Results results;

    ReportTables(Results results) {
        this.results = results;
    }

    /** Single-thread allocate + deallocate pair, CPU ns/op of the benchmark thread, for every allocator and request. */
    List<String> pairCpu() {
        return pairTable("pair, CPU ns/op (± 99.9 % CI)", results::cpuPerOp, results::cpuPerOpError);
    }

    /** Single-thread allocate + deallocate pair, JMH's wall-clock ns/op, for every allocator and request. */
    List<String> pairWall() {
        return pairTable("pair, wall-clock ns/op (± 99.9 % CI)", results::score, results::error);
    }

    private interface Metric {
        double of(String benchmark, String parameter);
    }

    private List<String> pairTable(String title, Metric value, Metric error) {
        List<String> lines = new ArrayList<>();
        lines.add(header(title));
        lines.add(separator());
        for (Row row : pairRows()) {
            StringBuilder line = new StringBuilder("| ").append(row.label()).append(" |");
            for (String request : Budget.REQUESTS) {
                String benchmark = resolve(row.benchmark(), request);
                line.append(' ').append(withError(value.of(benchmark, request), error.of(benchmark, request)))
                        .append(" |");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Bytes allocated on the Java heap per pair, from JMH's gc profiler. */
    List<String> allocation() {
        List<String> lines = new ArrayList<>();
        lines.add(header("pair, B/op"));
        lines.add(separator());
        for (Row row : pairRows()) {
            StringBuilder line = new StringBuilder("| ").append(row.label()).append(" |");
            for (String request : Budget.REQUESTS) {
                String benchmark = resolve(row.benchmark(), request);
                line.append(' ').append(bytes(results.bytesPerOp(benchmark, request))).append(" |");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Every budget ratio with its limit and verdict. */
    List<String> budget(List<Budget.Check> checks) {
        List<String> lines = new ArrayList<>();
        lines.add("| target | request | measured | limit | verdict |");
        lines.add("| --- | --- | ---: | --- | --- |");
        for (Budget.Check check : checks) {
            lines.add("| " + check.target() + " | " + check.request() + " | " + number(check.value()) + " | "
                    + check.limit() + " | " + check.verdict() + " |");
        }
        return lines;
    }

    /** Score and unit of the benchmarks that have one result per parameter value or none. */
    List<String> simple(String title, List<String[]> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("| " + title + " | score (± 99.9 % CI) | unit | CPU time/op |");
        lines.add("| --- | ---: | --- | ---: |");
        for (String[] row : rows) {
            String benchmark = row[1];
            String parameter = row.length > 2 ? row[2] : "";
            lines.add("| " + row[0] + " | " + withError(results.score(benchmark, parameter),
                    results.error(benchmark, parameter)) + " | " + results.unit(benchmark, parameter) + " | "
                    + duration(results.cpuPerOp(benchmark, parameter)) + " |");
        }
        return lines;
    }

    private static List<Row> pairRows() {
        return List.of(
                new Row("two CAS on a heap word, no list (context)", "FloorBenchmark.casPair"),
                new Row("floor: hand-written free list", Budget.FLOOR),
                new Row("generated, offset API", "generated:offset"),
                new Row("generated, segment API", "generated:segment"),
                new Row("generated checked, offset API", "generated:checkedOffset"),
                new Row("run-time arena, offset API", Budget.RUNTIME + "offset"),
                new Row("run-time arena, segment API", Budget.RUNTIME + "segment"),
                new Row("run-time checked, offset API", Budget.RUNTIME + "checkedOffset"),
                new Row("floor, confined: hand-written plain free list", Budget.PLAIN_FLOOR),
                new Row("generated confined, offset API", "generatedConfined:offset"),
                new Row("generated confined, segment API", "generatedConfined:segment"),
                new Row("run-time confined, offset API", Budget.CONFINED + "offset"),
                new Row("run-time confined, segment API", Budget.CONFINED + "segment"),
                new Row("run-time confined checked, offset API", Budget.CONFINED + "checkedOffset"),
                new Row("Netty 4.2 pooled direct", Budget.PEER + "nettyPooled"),
                new Row("Netty 4.2 adaptive direct", Budget.PEER + "nettyAdaptive"),
                new Row("FFM Arena.ofConfined (malloc/free)", Budget.PEER + "ffmConfined"),
                new Row("ByteBuffer.allocateDirect", Budget.PEER + "allocateDirect"),
                new Row("new byte[]", Budget.PEER + "heapArray"));
    }

    /**
     * A row's benchmark for a request: {@code generated:m} and {@code generatedConfined:m} pick the arena of the
     * request's configuration.
     */
    private static String resolve(String benchmark, String request) {
        if (benchmark.startsWith("generated:")) {
            return Budget.generated(request, benchmark.substring("generated:".length()));
        }
        if (benchmark.startsWith("generatedConfined:")) {
            return Budget.generatedConfined(request, benchmark.substring("generatedConfined:".length()));
        }
        return benchmark;
    }

    private static String header(String first) {
        return "| " + first + " | " + String.join(" | ", HEADERS) + " |";
    }

    private static String separator() {
        return "| --- |" + " ---: |".repeat(HEADERS.size());
    }

    private static String withError(double score, double error) {
        if (Double.isNaN(score)) {
            return "–";
        }
        return Double.isNaN(error) ? number(score) : number(score) + " ± " + number(error);
    }

    private static String bytes(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value < Budget.ZERO_BYTES ? "0" : number(value);
    }

    /** Nanoseconds in the largest unit that keeps them at 1 or more: {@code 58.3 ms}, {@code 17.2 ns}. */
    static String duration(double nanos) {
        if (Double.isNaN(nanos)) {
            return "–";
        }
        String[] units = {"ns", "µs", "ms", "s"};
        int unit = 0;
        while (unit < units.length - 1 && nanos >= 1000) {
            nanos /= 1000;
            unit++;
        }
        return number(nanos) + " " + units[unit];
    }

    /** Three significant digits, plain notation. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        String format = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }
}

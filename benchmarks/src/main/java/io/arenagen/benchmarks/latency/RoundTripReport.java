package io.arenagen.benchmarks.latency;

import io.arenagen.benchmarks.Machine;
import io.arenagen.benchmarks.ReportTables;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * {@link RoundTrip}'s results as Markdown: the machine, one row of percentiles per transport, the ratios
 * of each arenagen transport to Agrona, and issue 21's budget (p50 and p99.9 at most 1.0 × Agrona's) for
 * each.
 */
final class RoundTripReport {

    /** The percentiles of the table, and which of them the budget holds. */
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final double BUDGET = 1.0;

    private RoundTripReport() {
    }

    static String markdown(RoundTripOptions options, List<RoundTrip.Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("## Two-process round trips, 64-byte message each way\n\n");
        Machine.describe().forEach(line -> out.append(line).append('\n'));
        out.append("- load average (1/5/15 min) after: ").append(Machine.loadAverage()).append('\n');
        out.append(String.format(Locale.ROOT, "- %d messages/s, %s s warm-up, %s s measured; busy-spinning, not pinned%n%n",
                options.rate(), options.warmupSeconds(), options.seconds()));
        out.append("| round trip, µs | p50 | p90 | p99 | p99.9 | max | round trips | echo process |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (RoundTrip.Result result : results) {
            Histogram histogram = result.histogram();
            out.append("| ").append(result.transport().label());
            for (double percentile : PERCENTILES) {
                out.append(" | ").append(micros(histogram.getValueAtPercentile(percentile)));
            }
            out.append(" | ").append(micros(histogram.getMaxValue()))
                    .append(" | ").append(histogram.getTotalCount())
                    .append(" | ").append(result.echo()).append(" |\n");
        }
        Histogram agrona = find(results, Transport.AGRONA);
        List<Transport> ours = Stream.of(Transport.ARENAGEN, Transport.STRUCTS)
                .filter(transport -> find(results, transport) != null).toList();
        if (agrona != null && !ours.isEmpty()) {
            for (Transport transport : ours) {
                Histogram histogram = find(results, transport);
                out.append("| ").append(transport.label()).append(" / Agrona");
                for (double percentile : PERCENTILES) {
                    out.append(" | ").append(ratio(histogram.getValueAtPercentile(percentile),
                            agrona.getValueAtPercentile(percentile)));
                }
                out.append(" | ").append(ratio(histogram.getMaxValue(), agrona.getMaxValue())).append(" | | |\n");
            }
            out.append("\n| budget (issue 21) | measured | limit | verdict |\n| --- | ---: | --- | --- |\n");
            for (Transport transport : ours) {
                budget(out, transport, "p50", find(results, transport), agrona, 50);
                budget(out, transport, "p99.9", find(results, transport), agrona, 99.9);
            }
        }
        return out.toString();
    }

    private static void budget(StringBuilder out, Transport transport, String name, Histogram ours, Histogram agrona,
            double percentile) {
        double ratio = (double) ours.getValueAtPercentile(percentile) / agrona.getValueAtPercentile(percentile);
        out.append("| ").append(name).append(", ").append(transport.argument()).append(" / Agrona | ")
                .append(ReportTables.number(ratio)).append(" | ≤ ").append(BUDGET).append(" | ")
                .append(ratio <= BUDGET ? "PASS" : "FAIL").append(" |\n");
    }

    private static Histogram find(List<RoundTrip.Result> results, Transport transport) {
        return results.stream().filter(result -> result.transport() == transport)
                .map(RoundTrip.Result::histogram).findFirst().orElse(null);
    }

    private static String micros(long nanos) {
        return ReportTables.number(nanos / 1000.0);
    }

    private static String ratio(long ours, long theirs) {
        return ReportTables.number((double) ours / theirs);
    }
}

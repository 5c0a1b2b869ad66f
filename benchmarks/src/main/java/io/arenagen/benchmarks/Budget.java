package io.arenagen.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The performance budget of issue 5 as ratios of scores from the same run, each checked per request
 * (first and last pool of 3 and of 8 pools) unless it names one. Times are the CPU time per pair
 * ({@link CpuTimeProfiler}) where it was measured, JMH's wall-clock score otherwise.
 *
 * <p>Confined arenas (issue 13) are measured against the plain free list ({@link PlainFloorBenchmark})
 * and the single-thread peers: FFM's {@code Arena.ofConfined} and Netty's adaptive allocator. The
 * run-time confined arena's ratios are context; the limits are for the generated confined arena,
 * whose benchmark classes are {@link #GENERATED_CONFINED_3} and {@link #GENERATED_CONFINED_8}
 * (methods {@code offset} and {@code segment}, the same {@code request} parameter). Until they exist
 * the report prints one {@code MISSING} line for them instead of the checks.
 */
final class Budget {

    /** One ratio for one request, its limit and whether it holds. */
    record Check(String target, String request, double value, String limit, Verdict verdict) {
    }

    /** Whether a check holds; {@code INFO} for context lines without a limit, {@code MISSING} if not measured. */
    enum Verdict { PASS, FAIL, INFO, MISSING }

    /** Below this a gc-profiler figure counts as zero: JMH's own bookkeeping spread over ~10^8 operations. */
    static final double ZERO_BYTES = 0.01;

    static final String FLOOR = "FloorBenchmark.pair";
    static final String GENERATED_3 = "GeneratedArena3Benchmark.";
    static final String GENERATED_8 = "GeneratedArena8Benchmark.";
    static final String RUNTIME = "RuntimeArenaBenchmark.";
    static final String PEER = "PeerBenchmark.";
    static final String PLAIN_FLOOR = "PlainFloorBenchmark.pair";
    static final String CONFINED = "ConfinedArenaBenchmark.";
    /** The generated confined arenas' benchmarks: {@link BenchConfined3} and {@link BenchConfined8}. */
    static final String GENERATED_CONFINED_3 = "GeneratedConfinedArena3Benchmark.";
    static final String GENERATED_CONFINED_8 = "GeneratedConfinedArena8Benchmark.";
    /** Ownership on and off in one class (issue 22): {@code generatedOn/Off}, {@code runtimeOn/Off}. */
    static final String RECLAMATION = "ReclamationBenchmark.";

    static final List<String> REQUESTS = List.of(Requests.P3_FIRST, Requests.P3_LAST, Requests.P8_FIRST, Requests.P8_LAST);

    private final Results results;

    Budget(Results results) {
        this.results = results;
    }

    /** CPU time per operation if measured, else the wall-clock score. */
    private double time(String benchmark, String request) {
        double cpu = results.cpuPerOp(benchmark, request);
        return Double.isNaN(cpu) ? results.score(benchmark, request) : cpu;
    }

    /** The generated benchmark class's method for a request: 3-pool requests go to the 3-pool arena. */
    static String generated(String request, String method) {
        return (request.startsWith("3x") ? GENERATED_3 : GENERATED_8) + method;
    }

    /** Like {@link #generated}, for the generated confined arenas. */
    static String generatedConfined(String request, String method) {
        return (request.startsWith("3x") ? GENERATED_CONFINED_3 : GENERATED_CONFINED_8) + method;
    }

    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        for (String request : REQUESTS) {
            double offset = time(generated(request, "offset"), request);
            checks.add(atMost("generated offset pair / floor", request,
                    offset / time(FLOOR, request), 1.10));
        }
        for (String request : REQUESTS) {
            double offset = time(generated(request, "offset"), request);
            checks.add(atMost("generated segment API / offset API", request,
                    time(generated(request, "segment"), request) / offset, 1.3));
        }
        for (String request : REQUESTS) {
            checks.add(atLeast("Netty pooled / generated segment API", request,
                    time(PEER + "nettyPooled", request)
                            / time(generated(request, "segment"), request), 6));
        }
        for (String request : REQUESTS) {
            checks.add(info("Netty pooled / floor (the most any free list of two CAS reaches)", request,
                    time(PEER + "nettyPooled", request) / time(FLOOR, request)));
        }
        for (String request : REQUESTS) {
            checks.add(atLeast("FFM malloc / generated segment API", request,
                    time(PEER + "ffmConfined", request)
                            / time(generated(request, "segment"), request), 2));
        }
        for (String request : REQUESTS) {
            checks.add(info("FFM malloc / floor (the most any free list of two CAS reaches)", request,
                    time(PEER + "ffmConfined", request) / time(FLOOR, request)));
        }
        for (String request : REQUESTS) {
            double ratio = time(RUNTIME + "offset", request)
                    / time(generated(request, "offset"), request);
            checks.add(Requests.P8_LAST.equals(request)
                    ? atLeast("run-time arena / generated (offset API)", request, ratio, 1.3)
                    : info("run-time arena / generated (offset API)", request, ratio));
        }
        for (String request : REQUESTS) {
            checks.add(zeroBytes("generated offset API, B/op", request,
                    results.bytesPerOp(generated(request, "offset"), request)));
        }
        for (String request : List.of(Requests.P3_FIRST, Requests.P3_LAST)) {
            checks.add(info("checked / unchecked generated (offset API)", request,
                    time(GENERATED_3 + "checkedOffset", request)
                            / time(GENERATED_3 + "offset", request)));
        }
        checks.addAll(confinedChecks());
        checks.addAll(reclamationChecks());
        return checks;
    }

    /** Ownership on (reclamation) against the same pair with it off, generated and run-time: at most 1.3 ×, 0 B/op. */
    private List<Check> reclamationChecks() {
        List<Check> checks = new ArrayList<>();
        for (String request : List.of(Requests.P3_FIRST, Requests.P3_LAST)) {
            for (String kind : List.of("generated", "runtime")) {
                checks.add(atMost(kind + " shared pair, reclamation on / off", request,
                        time(RECLAMATION + kind + "On", request) / time(RECLAMATION + kind + "Off", request), 1.3));
                checks.add(zeroBytes(kind + " shared pair with reclamation, B/op", request,
                        results.bytesPerOp(RECLAMATION + kind + "On", request)));
            }
        }
        return checks;
    }

    /** The confined arenas' ratios: context for the run-time one, the budget for the generated one. */
    private List<Check> confinedChecks() {
        List<Check> checks = new ArrayList<>();
        for (String request : REQUESTS) {
            checks.add(info("run-time confined offset pair / plain floor", request,
                    time(CONFINED + "offset", request) / time(PLAIN_FLOOR, request)));
        }
        for (String request : REQUESTS) {
            checks.add(info("FFM Arena.ofConfined / run-time confined segment API", request,
                    time(PEER + "ffmConfined", request) / time(CONFINED + "segment", request)));
        }
        for (String request : REQUESTS) {
            checks.add(info("Netty adaptive / run-time confined segment API", request,
                    time(PEER + "nettyAdaptive", request) / time(CONFINED + "segment", request)));
        }
        for (String request : REQUESTS) {
            checks.add(zeroBytes("run-time confined offset API, B/op", request,
                    results.bytesPerOp(CONFINED + "offset", request)));
        }
        boolean generatedMeasured = REQUESTS.stream()
                .anyMatch(request -> !Double.isNaN(time(generatedConfined(request, "offset"), request)));
        if (!generatedMeasured) {
            checks.add(new Check("generated confined arena (@Arena(confined = true)): not measured, no "
                    + GENERATED_CONFINED_3 + "/" + GENERATED_CONFINED_8 + " in this run", "all", Double.NaN, "",
                    Verdict.MISSING));
            return checks;
        }
        for (String request : REQUESTS) {
            checks.add(atMost("generated confined offset pair / plain floor", request,
                    time(generatedConfined(request, "offset"), request) / time(PLAIN_FLOOR, request), 1.15));
        }
        for (String request : REQUESTS) {
            checks.add(atLeast("FFM Arena.ofConfined / generated confined segment API", request,
                    time(PEER + "ffmConfined", request) / time(generatedConfined(request, "segment"), request), 5));
        }
        for (String request : REQUESTS) {
            checks.add(atLeast("Netty adaptive / generated confined segment API", request,
                    time(PEER + "nettyAdaptive", request) / time(generatedConfined(request, "segment"), request), 15));
        }
        for (String request : REQUESTS) {
            checks.add(zeroBytes("generated confined offset API, B/op", request,
                    results.bytesPerOp(generatedConfined(request, "offset"), request)));
        }
        return checks;
    }

    private static Check zeroBytes(String target, String request, double bytes) {
        return new Check(target, request, bytes, "< " + ZERO_BYTES,
                Double.isNaN(bytes) ? Verdict.MISSING : bytes < ZERO_BYTES ? Verdict.PASS : Verdict.FAIL);
    }

    private static Check atMost(String target, String request, double value, double limit) {
        return new Check(target, request, value, "≤ " + limit, verdict(value, value <= limit));
    }

    private static Check atLeast(String target, String request, double value, double limit) {
        return new Check(target, request, value, "≥ " + limit, verdict(value, value >= limit));
    }

    private static Check info(String target, String request, double value) {
        return new Check(target, request, value, "", Double.isNaN(value) ? Verdict.MISSING : Verdict.INFO);
    }

    private static Verdict verdict(double value, boolean holds) {
        return Double.isNaN(value) ? Verdict.MISSING : holds ? Verdict.PASS : Verdict.FAIL;
    }
}

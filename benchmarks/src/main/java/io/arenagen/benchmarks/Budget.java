package io.arenagen.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The performance budget of issue 5 as ratios of scores from the same run, each checked per request
 * (first and last pool of 3 and of 8 pools) unless it names one. Times are the CPU time per pair
 * ({@link CpuTimeProfiler}) where it was measured, JMH's wall-clock score otherwise.
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
            double bytes = results.bytesPerOp(generated(request, "offset"), request);
            checks.add(new Check("generated offset API, B/op", request, bytes, "< " + ZERO_BYTES,
                    Double.isNaN(bytes) ? Verdict.MISSING : bytes < ZERO_BYTES ? Verdict.PASS : Verdict.FAIL));
        }
        for (String request : List.of(Requests.P3_FIRST, Requests.P3_LAST)) {
            checks.add(info("checked / unchecked generated (offset API)", request,
                    time(GENERATED_3 + "checkedOffset", request)
                            / time(GENERATED_3 + "offset", request)));
        }
        return checks;
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

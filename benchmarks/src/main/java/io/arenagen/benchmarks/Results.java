package io.arenagen.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * JMH results looked up by {@code "SimpleClass.method"} and the values of its parameters in the
 * order of their names, joined by commas: {@code "3x64"} for a {@code request}, {@code
 * "generated,hammer"} for {@code arena} and {@code peer}, empty for none.
 */
final class Results {

    /** Where JMH's gc profiler puts bytes allocated per operation. */
    private static final String ALLOCATED = "gc.alloc.rate.norm";

    private final Map<String, RunResult> byKey = new HashMap<>();

    Results(Collection<RunResult> results) {
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String simple = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            byKey.put(key(simple, parameter(result)), result);
        }
    }

    private static String parameter(RunResult result) {
        List<String> values = new ArrayList<>();
        for (String name : new TreeSet<>(result.getParams().getParamsKeys())) {
            values.add(result.getParams().getParam(name));
        }
        return String.join(",", values);
    }

    private static String key(String benchmark, String parameter) {
        return benchmark + "|" + parameter;
    }

    private RunResult find(String benchmark, String parameter) {
        RunResult result = byKey.get(key(benchmark, parameter));
        return result != null ? result : byKey.get(key(benchmark, ""));
    }

    /** The primary score, or NaN if the benchmark did not run. */
    double score(String benchmark, String parameter) {
        RunResult result = find(benchmark, parameter);
        return result == null ? Double.NaN : result.getPrimaryResult().getScore();
    }

    /** The primary score's error (99.9 % half-width), or NaN if unknown. */
    double error(String benchmark, String parameter) {
        RunResult result = find(benchmark, parameter);
        return result == null ? Double.NaN : result.getPrimaryResult().getScoreError();
    }

    /** Bytes allocated per operation from the gc profiler, or NaN if it did not run. */
    double bytesPerOp(String benchmark, String parameter) {
        return secondary(benchmark, parameter, ALLOCATED, false);
    }

    /** CPU time of the benchmark threads per operation from {@link CpuTimeProfiler}, or NaN. */
    double cpuPerOp(String benchmark, String parameter) {
        return secondary(benchmark, parameter, CpuTimeProfiler.NAME, false);
    }

    /** The error of {@link #cpuPerOp}, or NaN. */
    double cpuPerOpError(String benchmark, String parameter) {
        return secondary(benchmark, parameter, CpuTimeProfiler.NAME, true);
    }

    private double secondary(String benchmark, String parameter, String name, boolean error) {
        RunResult result = find(benchmark, parameter);
        if (result == null) {
            return Double.NaN;
        }
        Result<?> secondary = result.getSecondaryResults().get(name);
        if (secondary == null) {
            return Double.NaN;
        }
        return error ? secondary.getScoreError() : secondary.getScore();
    }

    /** The unit of the primary score, for example {@code ns/op}; empty if the benchmark did not run. */
    String unit(String benchmark, String parameter) {
        RunResult result = find(benchmark, parameter);
        return result == null ? "" : result.getPrimaryResult().getScoreUnit();
    }
}

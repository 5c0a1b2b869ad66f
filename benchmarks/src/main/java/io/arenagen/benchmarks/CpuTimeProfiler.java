package io.arenagen.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

/**
 * CPU time of JMH's worker threads per operation ({@value #NAME}, ns/op), next to JMH's wall-clock
 * score. On a machine shared with other work the benchmark thread is descheduled for part of every
 * iteration, which inflates wall-clock time per operation by whatever the others take; the
 * thread's own CPU time leaves that out, so ratios between allocators measured minutes apart stay
 * comparable. Cache and memory-bandwidth interference from the others is still in it.
 *
 * <p>Use with {@code -prof io.arenagen.benchmarks.CpuTimeProfiler}; {@link Report} adds it itself.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    /** The secondary result's name. */
    static final String NAME = "cpu.time.norm";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark's worker threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpuNanos();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long cpu = workerCpuNanos() - before;
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || cpu <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult(NAME, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }

    /** Summed CPU time of the live threads JMH runs the benchmark on. */
    private long workerCpuNanos() {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-jmh-worker-")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }
}

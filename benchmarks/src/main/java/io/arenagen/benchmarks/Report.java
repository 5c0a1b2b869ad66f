package io.arenagen.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs every benchmark of this module through JMH's API and prints Markdown: the machine, the pair
 * latency and allocation tables, the budget ratios with pass/fail, contention, thread per core, two processes and
 * creation. {@code quick} takes about five minutes (one fork, short iterations); {@code full} about
 * twenty-three (two forks, 3 × 1 s warm-up, 5 × 1 s measurement).
 *
 * <pre>
 * Report quick|full [--include REGEX]... [--out FILE.md] [--json FILE.json] [--log FILE] [--strict]
 * </pre>
 * {@code --strict} exits with status 1 when a budget check fails. Forks get
 * {@code --enable-native-access=ALL-UNNAMED} from the benchmarks' {@code @Fork} annotations.
 */
public final class Report {

    private Report() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Arguments arguments = Arguments.parse(args);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .addProfiler(GCProfiler.class)
                .addProfiler(CpuTimeProfiler.class)
                .shouldFailOnError(true)
                .result(arguments.json.toString())
                .resultFormat(ResultFormatType.JSON)
                .output(arguments.log.toString());
        for (String include : arguments.includes) {
            options.include(include);
        }
        if (arguments.quick) {
            options.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        } else {
            options.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        String loadBefore = Machine.loadAverage();
        long started = System.nanoTime();
        System.err.println("arenagen benchmarks (" + arguments.mode() + "): JMH log in " + arguments.log
                + ", about " + (arguments.quick ? "5" : "23") + " minutes");
        Collection<RunResult> runs = new Runner(options.build()).run();
        long minutes = Math.round((System.nanoTime() - started) / 60e9);

        Results results = new Results(runs);
        List<Budget.Check> checks = new Budget(results).checks();
        List<String> lines = render(arguments, results, checks, loadBefore, minutes);
        String text = String.join(System.lineSeparator(), lines) + System.lineSeparator();
        System.out.print(text);
        if (arguments.out != null) {
            Files.writeString(arguments.out, text);
        }
        boolean failed = checks.stream().anyMatch(check -> check.verdict() == Budget.Verdict.FAIL);
        if (arguments.strict && failed) {
            System.exit(1);
        }
    }

    private static List<String> render(Arguments arguments, Results results, List<Budget.Check> checks,
                                       String loadBefore, long minutes) {
        ReportTables tables = new ReportTables(results);
        List<String> lines = new ArrayList<>();
        lines.add("## arenagen benchmarks, " + arguments.mode() + " run");
        lines.add("");
        lines.addAll(Machine.describe());
        lines.add("- load average (1/5/15 min) before: " + loadBefore + ", after: " + Machine.loadAverage()
                + "; run took " + minutes + " min");
        lines.add("- JMH " + (arguments.quick ? "1 fork, 2 × 0.5 s warm-up, 3 × 0.5 s measurement"
                : "2 forks, 3 × 1 s warm-up, 5 × 1 s measurement") + ", gc and CPU-time profilers on");
        lines.add("");
        lines.add("### Allocate + deallocate pair, one thread: CPU time (lower is better; the budget uses these)");
        lines.add("");
        lines.addAll(tables.pairCpu());
        lines.add("");
        lines.add("### Allocate + deallocate pair, one thread: wall-clock (JMH score)");
        lines.add("");
        lines.addAll(tables.pairWall());
        lines.add("");
        lines.add("### Heap allocation per pair (gc profiler)");
        lines.add("");
        lines.addAll(tables.allocation());
        lines.add("");
        lines.add("### Budget (ratios of the scores above)");
        lines.add("");
        lines.addAll(tables.budget(checks));
        lines.add("");
        lines.add("### Two threads on one pool, 64 B (higher is better)");
        lines.add("");
        lines.addAll(tables.simple("2 threads, total", List.of(
                new String[] {"floor: hand-written free list", "ContendedBenchmark.floor"},
                new String[] {"generated, offset API", "ContendedBenchmark.generatedOffset"},
                new String[] {"run-time arena, offset API", "ContendedBenchmark.runtimeOffset"},
                new String[] {"Netty 4.2 pooled direct (thread caches)", "ContendedBenchmark.nettyPooled"})));
        lines.add("");
        lines.add("### Thread per core: " + ConfinedThreadsBenchmark.THREADS
                + " threads, 64 B pairs, run-time arenas (higher is better)");
        lines.add("");
        lines.addAll(tables.simple(ConfinedThreadsBenchmark.THREADS + " threads, total", List.of(
                new String[] {"each thread its own confined arena", "ConfinedThreadsBenchmark.ownConfined"},
                new String[] {"each thread its own shared arena", "ConfinedThreadsBenchmark.ownShared"},
                new String[] {"all threads one shared arena", "ConfinedThreadsBenchmark.oneShared"})));
        lines.add("");
        lines.add("### Two processes on one shared-memory arena, 64 B pair in the measured process (lower is better)");
        lines.add("");
        lines.addAll(tables.simple("arena, second process", List.of(
                new String[] {"generated, alone", "TwoProcessBenchmark.pair", "generated,none"},
                new String[] {"generated, second JVM hammering the same pool", "TwoProcessBenchmark.pair", "generated,hammer"},
                new String[] {"run-time, alone", "TwoProcessBenchmark.pair", "runtime,none"},
                new String[] {"run-time, second JVM hammering the same pool", "TwoProcessBenchmark.pair", "runtime,hammer"})));
        lines.add("");
        lines.add("### Creating and closing an arena (lower is better)");
        lines.add("");
        lines.addAll(tables.simple("arena", List.of(
                new String[] {"generated, 1 000 000 × 64 B", "CreationBenchmark.generatedMillion"},
                new String[] {"run-time, 1 000 000 × 64 B", "CreationBenchmark.runtimeMillion"},
                new String[] {"generated, 3 × 1024 (64/256/1024 B)", "CreationBenchmark.generatedSmall"},
                new String[] {"run-time, 3 × 1024 (64/256/1024 B)", "CreationBenchmark.runtimeSmall"})));
        return lines;
    }

    /** The command line, parsed. */
    private static final class Arguments {
        boolean quick;
        boolean strict;
        final List<String> includes = new ArrayList<>();
        Path out;
        Path json;
        Path log;

        String mode() {
            return quick ? "quick" : "full";
        }

        static Arguments parse(String[] args) {
            if (args.length == 0 || !(args[0].equals("quick") || args[0].equals("full"))) {
                throw usage("the first argument is quick or full");
            }
            Arguments arguments = new Arguments();
            arguments.quick = args[0].equals("quick");
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--strict" -> arguments.strict = true;
                    case "--include" -> arguments.includes.add(value(args, ++i));
                    case "--out" -> arguments.out = Path.of(value(args, ++i));
                    case "--json" -> arguments.json = Path.of(value(args, ++i));
                    case "--log" -> arguments.log = Path.of(value(args, ++i));
                    default -> throw usage("unknown argument " + args[i]);
                }
            }
            if (arguments.includes.isEmpty()) {
                arguments.includes.add("io\\.arenagen\\.benchmarks\\..*Benchmark\\..*");
            }
            if (arguments.json == null) {
                arguments.json = Path.of("jmh-" + arguments.mode() + ".json");
            }
            if (arguments.log == null) {
                arguments.log = Path.of("jmh-" + arguments.mode() + ".log");
            }
            return arguments;
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw usage(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static IllegalArgumentException usage(String problem) {
            return new IllegalArgumentException(problem + "; usage: Report quick|full [--include REGEX]... "
                    + "[--out FILE.md] [--json FILE.json] [--log FILE] [--strict]");
        }
    }
}

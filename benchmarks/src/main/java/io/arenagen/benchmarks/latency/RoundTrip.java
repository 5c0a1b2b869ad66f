package io.arenagen.benchmarks.latency;

import io.arenagen.benchmarks.ChildJvm;
import io.arenagen.benchmarks.ShmNames;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Issue 21's two-process latency harness (a main class, not JMH). For each transport it creates the shared
 * objects, starts {@link RoundTripEcho} in a second JVM (this JVM's binary and class path) and measures
 * round trips from this thread: at a fixed rate it sends message {@code i} at its due time {@code start +
 * i / rate}, writing the due time into the message; the echo side sends it back; on receiving it this side
 * records {@code now - due time} into an HdrHistogram. Because the due time is recorded, a send delayed by
 * a slow reply (or a descheduled thread) counts as latency: no coordinated omission. Both sides busy-spin
 * and nothing is pinned. A warm-up phase is sent and not recorded. The shared objects are removed when
 * the run ends, fails, or this JVM is interrupted.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
 * -cp benchmarks.jar io.arenagen.benchmarks.latency.RoundTrip --rate 100000 --seconds 20}, or {@code
 * benchmarks/run.sh latency --rate 100000 --seconds 20}; options in {@link RoundTripOptions}.
 */
public final class RoundTrip {

    /** What Agrona needs exported, for this JVM and the echo JVM. */
    static final String AGRONA_EXPORT = "java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The echo JVM's options: native access for the arena and the rings, Agrona's export, Agrona's Unsafe. */
    static final List<String> ECHO_JVM = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-exports=" + AGRONA_EXPORT, "--sun-misc-unsafe-memory-access=allow");
    /** Latencies up to a minute are recorded as they are, longer ones as a minute. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Time for both JVMs to settle between the echo's ready and the first message. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How far past the last due time the replies may come before the run fails. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private RoundTrip() {
    }

    /**
     * The round trips of one transport.
     *
     * @param transport what they travelled over
     * @param histogram their latencies in nanoseconds, measured phase only
     * @param sent messages sent in the measured phase
     * @param echo the echo process's last words ({@code echoed <n>, exit 0})
     */
    record Result(Transport transport, Histogram histogram, long sent, String echo) {
    }

    public static void main(String[] args) throws IOException {
        RoundTripOptions options;
        try {
            options = RoundTripOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<Result> results = run(options, System.err);
        System.out.print(RoundTripReport.markdown(options, results));
    }

    /** Measures every transport of {@code options} in turn; progress goes to {@code log}. */
    static List<Result> run(RoundTripOptions options, PrintStream log) throws IOException {
        if (options.transports().contains(Transport.AGRONA)
                && !Object.class.getModule().isExported("jdk.internal.misc", RoundTrip.class.getModule())) {
            throw new IllegalStateException("Agrona 2.6 needs --add-exports " + AGRONA_EXPORT + " on this JVM's"
                    + " command line (benchmarks/run.sh latency passes it), or measure --transport arenagen only");
        }
        List<Result> results = new ArrayList<>();
        for (Transport transport : options.transports()) {
            log.println("round trips over " + transport.label() + ": " + options.warmupMessages() + " warm-up + "
                    + options.messages() + " measured at " + options.rate() + "/s");
            results.add(runOne(transport, options));
        }
        return results;
    }

    private static Result runOne(Transport transport, RoundTripOptions options) throws IOException {
        List<String> names = transport.names(ShmNames.unique());
        Thread cleanup = new Thread(() -> transport.remove(names), "round-trip-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (Exchange exchange = transport.open(names, true)) {
            List<String> echoArgs = new ArrayList<>();
            echoArgs.add(transport.argument());
            echoArgs.addAll(names);
            try (ChildJvm echo = ChildJvm.start(ECHO_JVM, RoundTripEcho.class, echoArgs)) {
                Histogram histogram = measure(exchange, options);
                stop(exchange);
                return new Result(transport, histogram, options.messages(), echo.stop());
            }
        } finally {
            transport.remove(names);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // this JVM is shutting down: the hook runs (and removes nothing more) anyway
            }
        }
    }

    /**
     * Sends the warm-up and measured messages on schedule and records the measured ones' round trips.
     * The loop never blocks: a send without room is retried on the next turn (its due time stays as it
     * was, so the wait is measured), and every turn polls for a reply.
     */
    static Histogram measure(Exchange exchange, RoundTripOptions options) {
        long warmup = options.warmupMessages();
        long total = warmup + options.messages();
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        Exchange.Received reply = new Exchange.Received();
        long start = System.nanoTime() + START_DELAY_NANOS;
        long deadline = start + options.dueNanos(total) + GRACE_NANOS;
        long sent = 0;
        long received = 0;
        long due = start;
        while (received < total) {
            long now = System.nanoTime();
            if (sent < total && now - due >= 0 && exchange.send(sent, due)) {
                sent++;
                due = start + options.dueNanos(sent);
            }
            if (exchange.receive(reply)) {
                if (reply.sequence != received) {
                    throw new IllegalStateException("reply " + reply.sequence + " arrived where " + received
                            + " was due: the exchange lost, duplicated or reordered a message");
                }
                if (received >= warmup) {
                    histogram.recordValue(Math.min(System.nanoTime() - reply.sentAt, HIGHEST_NANOS));
                }
                received++;
            } else if (now - deadline > 0) {
                throw new IllegalStateException("only " + received + " of " + total + " replies arrived within "
                        + TimeUnit.NANOSECONDS.toSeconds(GRACE_NANOS) + " s after the last was due ("
                        + sent + " sent): the echo process is stuck or gone");
            }
        }
        return histogram;
    }

    /** Sends {@link Exchange#STOP} and waits, boundedly, for its echo. */
    private static void stop(Exchange exchange) {
        long deadline = System.nanoTime() + GRACE_NANOS;
        while (!exchange.send(Exchange.STOP, 0)) {
            awaitBefore(deadline, "room to send the stop message");
        }
        Exchange.Received reply = new Exchange.Received();
        while (!exchange.receive(reply) || reply.sequence != Exchange.STOP) {
            awaitBefore(deadline, "the echo of the stop message");
        }
    }

    private static void awaitBefore(long deadline, String what) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("no " + what + " within " + TimeUnit.NANOSECONDS.toSeconds(GRACE_NANOS)
                    + " s: the echo process is stuck or gone");
        }
        Thread.onSpinWait();
    }
}

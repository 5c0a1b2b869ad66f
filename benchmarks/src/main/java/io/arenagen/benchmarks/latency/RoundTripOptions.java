package io.arenagen.benchmarks.latency;

import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link RoundTrip}: {@code --rate N} messages per second (default 100000),
 * {@code --seconds S} measured (default 20), {@code --warmup S} before that (default 5), {@code --transport
 * arenagen|agrona|both} or a comma-separated list such as {@code agrona,arenagen} (default both, arenagen
 * first; the list also sets the order).
 *
 * @param rate messages per second the measuring side sends, evenly spaced
 * @param seconds how long the measured phase lasts
 * @param warmupSeconds how long the warm-up phase before it lasts (not recorded)
 * @param transports what to measure, in order
 */
record RoundTripOptions(long rate, double seconds, double warmupSeconds, List<Transport> transports) {

    /** Rates above this one are no longer a "fixed rate" on any machine: the loop could not keep up. */
    static final long MAX_RATE = 10_000_000;
    /** Keeps {@code sequence * 1e9} within a long for every message of a run. */
    static final long MAX_MESSAGES = 1_000_000_000;
    /** What the command line takes. */
    static final String USAGE = "usage: RoundTrip [--rate MESSAGES_PER_S] [--seconds S] [--warmup S]"
            + " [--transport arenagen|structs|agrona|all|agrona,arenagen,...]";

    RoundTripOptions {
        if (rate < 1 || rate > MAX_RATE) {
            throw new IllegalArgumentException("--rate " + rate + " is out of range; give 1 to " + MAX_RATE
                    + " messages per second");
        }
        if (!(seconds > 0) || messages(rate, seconds) < 1) {
            throw new IllegalArgumentException("--seconds " + seconds + " measures no message at --rate " + rate
                    + "; give a longer time");
        }
        if (!(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("--warmup " + warmupSeconds + " is negative; give 0 or more seconds");
        }
        if (messages(rate, seconds) + messages(rate, warmupSeconds) > MAX_MESSAGES) {
            throw new IllegalArgumentException("--rate " + rate + " for " + (seconds + warmupSeconds)
                    + " s is more than " + MAX_MESSAGES + " messages; measure for less time");
        }
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("no transport to measure; give --transport arenagen, structs, agrona or all");
        }
        transports = List.copyOf(transports);
    }

    /** Parses the command line; every unknown or malformed argument is an {@code IllegalArgumentException}. */
    static RoundTripOptions parse(String... args) {
        long rate = 100_000;
        double seconds = 20;
        double warmup = 5;
        List<Transport> transports = List.of(Transport.values());
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            String value = args[i + 1];
            switch (option) {
                case "--rate" -> rate = number(option, value);
                case "--seconds" -> seconds = decimal(option, value);
                case "--warmup" -> warmup = decimal(option, value);
                case "--transport" -> transports = transports(value);
                default -> throw new IllegalArgumentException("option " + option + " is unknown; " + USAGE);
            }
        }
        return new RoundTripOptions(rate, seconds, warmup, transports);
    }

    /** Round trips in the measured phase. */
    long messages() {
        return messages(rate, seconds);
    }

    /** Round trips in the warm-up phase. */
    long warmupMessages() {
        return messages(rate, warmupSeconds);
    }

    /** When message {@code sequence} is due, in nanoseconds after the first one. */
    long dueNanos(long sequence) {
        return sequence * 1_000_000_000L / rate;
    }

    private static long messages(long rate, double seconds) {
        return Math.round(rate * seconds);
    }

    /**
     * {@code all} (arenagen, structs, then Agrona; {@code both}, its older name, is the same) or a
     * comma-separated list in the order to measure them.
     */
    private static List<Transport> transports(String value) {
        if ("all".equalsIgnoreCase(value) || "both".equalsIgnoreCase(value)) {
            return List.of(Transport.values());
        }
        return Arrays.stream(value.split(",", -1)).map(Transport::named).toList();
    }

    private static long number(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + " is not a whole number; " + USAGE, e);
        }
    }

    private static double decimal(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + " is not a number of seconds; " + USAGE, e);
        }
    }
}

package io.arenagen.inspect;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The parsed command line of {@code arena-inspect}.
 *
 * @param name the shared object, for example {@code /feed}
 * @param count the chunk count given with {@code --count}, for objects without a layout descriptor
 * @param sizes the chunk sizes given with {@code --sizes}, empty if not given
 * @param json whether to write JSON instead of text
 * @param watchSeconds seconds between reports with {@code --watch}, 0 for a single report
 * @param refreshes how many reports {@code --watch} writes before it stops, {@code Long.MAX_VALUE} until
 *     interrupted (the hidden {@code --refreshes N}, which bounds it in tests)
 */
record Arguments(String name, OptionalLong count, long[] sizes, boolean json, double watchSeconds, long refreshes) {

    static final String USAGE = """
            usage: arena-inspect NAME [--count N --sizes A,B,...] [--json] [--watch [SECONDS]]

            Reads the arena in shared object NAME (for example /feed) without attaching to it and without
            writing to it, and reports its configuration, each pool's capacity, free and in-use chunks,
            operations and exhaustions, its state and initializer, and the problems found.

              --count N --sizes A,B,...  the configuration, required for objects that carry no layout
                                         descriptor (created by the C++ library); checked against the size
              --json                     one JSON object per report, on one line
              --watch [SECONDS]          report again every SECONDS (default 1) until interrupted
              --help                     this text

            exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad arguments or configuration,
                         3 the object cannot be read (missing, not readable by this user)
            """;

    /** Thrown for a command line that cannot be run; its message names the argument and the fix. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Parses {@code args}; {@code null} means {@code --help} was asked for. */
    static Arguments parse(String... args) throws UsageException {
        String name = null;
        OptionalLong count = OptionalLong.empty();
        long[] sizes = new long[0];
        boolean json = false;
        double watch = 0;
        long refreshes = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--json" -> json = true;
                case "--count" -> count = OptionalLong.of(number(arg, value(args, ++i, arg)));
                case "--sizes" -> sizes = sizes(value(args, ++i, arg));
                case "--refreshes" -> refreshes = number(arg, value(args, ++i, arg));
                case "--watch" -> {
                    watch = 1;
                    if (i + 1 < args.length && !args[i + 1].startsWith("-") && !args[i + 1].startsWith("/")) {
                        watch = seconds(args[++i]);
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg + "; see arena-inspect --help");
                    }
                    if (name != null) {
                        throw new UsageException("two names given, " + name + " and " + arg
                                + "; inspect one object at a time");
                    }
                    name = arg;
                }
            }
        }
        if (name == null) {
            throw new UsageException("no shared-object name given; for example: arena-inspect /feed");
        }
        if (count.isPresent() != (sizes.length > 0)) {
            throw new UsageException(count.isPresent() ? "--count given without --sizes; give both, for example "
                    + "--count 128 --sizes 64,256,1024" : "--sizes given without --count; give both, for example "
                    + "--count 128 --sizes 64,256,1024");
        }
        if (refreshes < 1) {
            throw new UsageException("--refreshes " + refreshes + " must be 1 or more");
        }
        return new Arguments(name, count, sizes, json, watch, watch > 0 ? refreshes : 1);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value; see arena-inspect --help");
        }
        return args[i];
    }

    private static long number(String option, String value) throws UsageException {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " " + value + " is not a whole number; for example " + option + " 128");
        }
    }

    private static long[] sizes(String value) throws UsageException {
        String[] parts = value.split(",");
        long[] sizes = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = number("--sizes", parts[i]);
        }
        return sizes;
    }

    private static double seconds(String value) throws UsageException {
        try {
            double seconds = Double.parseDouble(value);
            if (seconds > 0 && seconds <= 86_400) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--watch " + value + " is not a number of seconds between 0 and 86400 (exclusive "
                + "of 0); for example --watch 2");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Arguments that && name.equals(that.name) && count.equals(that.count)
                && Arrays.equals(sizes, that.sizes) && json == that.json && watchSeconds == that.watchSeconds
                && refreshes == that.refreshes;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "Arguments[" + name + ", count=" + count + ", sizes=" + Arrays.toString(sizes) + ", json=" + json
                + ", watch=" + watchSeconds + ", refreshes=" + refreshes + "]";
    }
}

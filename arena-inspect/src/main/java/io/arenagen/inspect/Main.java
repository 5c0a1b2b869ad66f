package io.arenagen.inspect;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.inspect.ArenaReport;

import java.io.PrintStream;

/**
 * {@code arena-inspect}: reads an arena's shared object read-only ({@link SharedMemory#inspect}) and
 * prints the report, once or, with {@code --watch}, until interrupted. The exit status tells scripts
 * what it found: see {@link Arguments#USAGE}.
 */
public final class Main {

    /** No errors in the report (warnings allowed). */
    static final int OK = 0;
    /** The report has errors: the arena is damaged or cannot be used. */
    static final int ERRORS_FOUND = 1;
    /** The command line or the given configuration is wrong. */
    static final int USAGE = 2;
    /** The object cannot be read: it does not exist, or this user may not read it. */
    static final int UNREADABLE = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command with {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (Arguments.UsageException e) {
            err.println("arena-inspect: " + e.getMessage());
            return USAGE;
        }
        if (arguments == null) {
            out.print(Arguments.USAGE);
            return OK;
        }
        int status = OK;
        for (long refresh = 0; refresh < arguments.refreshes(); refresh++) {
            if (refresh > 0) {
                try {
                    Thread.sleep((long) (arguments.watchSeconds() * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return status;
                }
                if (!arguments.json()) {
                    out.println();
                }
            }
            try {
                ArenaReport report = inspect(arguments);
                out.print(arguments.json() ? JsonFormat.format(report) + "\n" : TextFormat.format(report));
                out.flush();
                status = report.hasErrors() ? ERRORS_FOUND : OK;
            } catch (IllegalArgumentException e) {
                err.println("arena-inspect: " + e.getMessage());
                return USAGE;
            } catch (ArenaException e) {
                err.println("arena-inspect: " + e.getMessage());
                return UNREADABLE;
            }
        }
        return status;
    }

    private static ArenaReport inspect(Arguments arguments) {
        return arguments.count().isPresent()
                ? SharedMemory.inspect(arguments.name(), arguments.count().getAsLong(), arguments.sizes())
                : SharedMemory.inspect(arguments.name());
    }
}

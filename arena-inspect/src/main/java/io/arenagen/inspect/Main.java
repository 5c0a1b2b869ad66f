package io.arenagen.inspect;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SharedMemory;
import io.arenagen.runtime.inspect.ObjectReport;
import io.arenagen.runtime.inspect.ObjectChangedException;
import io.arenagen.runtime.layout.ShmName;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * {@code arena-inspect}: reads an arena's or a queue's shared object read-only ({@link SharedMemory#inspectObject}) and
 * prints the report, once or, with {@code --watch}, until interrupted or until its output is closed;
 * with {@code --unlink} it then removes the object; with {@code --reclaim} it first gives back the chunks
 * of dead processes recorded in the arena's reclamation companion ({@link SharedMemory#reclaim}). The exit
 * status tells scripts what it found: see {@link Arguments#USAGE}.
 */
public final class Main {

    /** No errors in the report (warnings allowed); with {@code --unlink}: the object was removed. */
    static final int OK = 0;
    /** The report has errors: the arena is damaged or cannot be used. */
    static final int ERRORS_FOUND = 1;
    /** The command line is wrong, or the configuration given does not fit the object. */
    static final int USAGE = 2;
    /** The object cannot be read: it does not exist, this user may not read it, or this version cannot. */
    static final int UNREADABLE = 3;
    /** The object changed size while it was read: another process truncated it. */
    static final int CHANGED = 4;
    /** {@code --unlink} refused: processes still map the object. */
    static final int STILL_MAPPED = 5;
    /** {@code --unlink} failed: {@code shm_unlink} refused (another user's object, say). */
    static final int UNLINK_FAILED = 6;
    /** {@code --reclaim} failed: no companion, or it or the arena refused or not writable; nothing reclaimed. */
    static final int RECLAIM_FAILED = 7;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command with {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, ProcessMaps.PROC);
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with the processes' maps read from {@code proc}. */
    static int run(String[] args, PrintStream out, PrintStream err, Path proc) {
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
        if (arguments.reclaim()) {
            try {
                long reclaimed = SharedMemory.reclaim(arguments.name());
                err.println("arena-inspect: reclaimed " + reclaimed + (reclaimed == 1 ? " chunk" : " chunks")
                        + " of dead processes into " + arguments.name() + ".");
            } catch (IllegalArgumentException | ArenaException e) {
                err.println("arena-inspect: nothing reclaimed: " + e.getMessage());
                return RECLAIM_FAILED;
            }
        }
        int status = report(arguments, out, err);
        return arguments.unlink() ? unlink(arguments, status, err, proc) : status;
    }

    /** Writes the report once, or with {@code --watch} until the bound or until {@code out} is closed. */
    private static int report(Arguments arguments, PrintStream out, PrintStream err) {
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
                ObjectReport report = inspect(arguments);
                out.print(arguments.json() ? JsonFormat.format(report) + "\n" : TextFormat.format(report));
                status = report.hasErrors() ? ERRORS_FOUND : OK;
            } catch (IllegalArgumentException e) {
                err.println("arena-inspect: " + e.getMessage());
                return USAGE;
            } catch (ObjectChangedException e) {
                err.println("arena-inspect: " + e.getMessage());
                return CHANGED;
            } catch (ArenaException e) {
                err.println("arena-inspect: " + e.getMessage());
                return UNREADABLE;
            }
            // A PrintStream never throws: a closed reader (| head -1) shows only here, so --watch stops.
            if (out.checkError()) {
                return status;
            }
        }
        return status;
    }

    /**
     * Removes the object once it has been reported (or its report refused), unless a process still maps it
     * and {@code --force} was not given. The outcome goes to {@code err}, so that a JSON report on the
     * standard output stays one parseable line.
     */
    private static int unlink(Arguments arguments, int reported, PrintStream err, Path proc) {
        String name = arguments.name();
        if (ShmName.violation(name).isPresent()) {
            return reported; // the report already said what is wrong with the name
        }
        Path file = Path.of("/dev/shm", name.substring(1));
        long inode;
        try {
            inode = (Long) Files.getAttribute(file, "unix:ino");
        } catch (NoSuchFileException e) {
            err.println("arena-inspect: nothing removed: there is no shared object " + name + ".");
            return UNREADABLE;
        } catch (IOException e) {
            err.println("arena-inspect: not removing " + name + ": cannot stat " + file + ": " + e.getMessage());
            return UNLINK_FAILED;
        }
        ProcessMaps maps = ProcessMaps.of(proc, file, inode);
        String unseen = maps.unreadable() == 0 ? "" : " The maps of " + maps.unreadable() + " other "
                + (maps.unreadable() == 1 ? "process" : "processes") + " could not be read (other users' processes "
                + "need root), so " + (maps.unreadable() == 1 ? "it" : "they") + " may map it too.";
        if (!maps.pids().isEmpty() && !arguments.force()) {
            err.println("arena-inspect: not removing " + name + ": " + (maps.pids().size() == 1 ? "process " : "processes ")
                    + maps.pids().stream().map(String::valueOf).collect(Collectors.joining(", ")) + " still map"
                    + (maps.pids().size() == 1 ? "s" : "") + " it, as /proc/PID/maps shows. They would keep using the "
                    + "removed object while the next process to open " + name + " creates a new, separate one. Stop "
                    + "them first, or add --force to remove it anyway." + unseen);
            return STILL_MAPPED;
        }
        try {
            SharedMemory.unlink(name);
        } catch (ArenaException e) {
            err.println("arena-inspect: " + e.getMessage());
            return UNLINK_FAILED;
        }
        err.println("arena-inspect: removed " + name + (maps.pids().isEmpty() ? "; no process maps it, as far as "
                + "/proc/PID/maps shows." + unseen : "; processes " + maps.pids() + " still map the removed object "
                + "(--force)."));
        return OK;
    }

    /** With --queue a queue, with --count and --sizes an arena; otherwise either, as its descriptor says. */
    private static ObjectReport inspect(Arguments arguments) {
        if (arguments.queue().isPresent()) {
            return SharedMemory.inspectQueue(arguments.name(), arguments.queue().get());
        }
        return arguments.count().isPresent()
                ? SharedMemory.inspect(arguments.name(), arguments.count().getAsLong(), arguments.sizes())
                : SharedMemory.inspectObject(arguments.name());
    }
}

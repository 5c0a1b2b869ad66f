package io.arenagen.inspect;

import io.arenagen.runtime.queue.RingLayout;
import io.arenagen.runtime.queue.RingPolicy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
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
 * @param unlink whether to remove the object after the report ({@code --unlink})
 * @param force whether to remove it even while processes map it ({@code --force})
 * @param queue the queue configuration given with {@code --queue POLICY,CAPACITY}, for a queue of 64-bit
 *     values created by the C++ library (no descriptor)
 * @param reclaim whether to give back dead processes' chunks before the report ({@code --reclaim})
 */
record Arguments(String name, OptionalLong count, long[] sizes, boolean json, double watchSeconds, long refreshes,
                 boolean unlink, boolean force, Optional<RingLayout> queue, boolean reclaim) {

    static final String USAGE = """
            usage: arena-inspect NAME [--count N --sizes A,B,... | --queue POLICY,CAPACITY] [--json]
                                      [--watch [SECONDS]]
                   arena-inspect NAME --reclaim [--json]
                   arena-inspect NAME [--count N --sizes A,B,... | --queue POLICY,CAPACITY] [--json]
                                      --unlink [--force]

            Reads the arena in shared object NAME (for example /feed) without attaching to it and without
            writing to it, and reports its configuration, each pool's capacity, free and in-use chunks,
            operations and exhaustions, its state and initializer, and the problems found. It judges the
            object as an arena opening it would: every ERROR is something an arena of that configuration
            refuses (or, for a C++-made object, waits for in vain).

            A queue made by arenagen (LongRings; its header carries the descriptor 'AGRQ') is recognised
            and reported instead: policy, capacity, element and slot size, head, tail, pending, the fulls,
            stalls and skipped counters, its initializer, and for MPSC/MPMC a slot a producer claimed but
            never published (a WARNING naming the position to give LongRing.skipStalled once that producer
            is known dead). A queue made by the C++ library carries no descriptor, and its bytes cannot
            tell it from an arena's: give --queue POLICY,CAPACITY (spsc, mpsc or mpmc; a queue of 64-bit
            values, uint64_t), which must account for the object's size, else exit status 2.

              --count N --sizes A,B,...  the configuration, required for objects that carry no layout
                                         descriptor (created by the C++ library); it must account for the
                                         object's size, headers and free lists, else exit status 2
              --queue POLICY,CAPACITY    the configuration of a queue of 64-bit values created by the C++
                                         library (no descriptor), for example --queue mpsc,1024
              --json                     one JSON object per report, on one line (fields below)
              --watch [SECONDS]          report again every SECONDS (default 1) until interrupted or until
                                         standard output is closed (| head -1 ends it)
              --unlink                   after the report, remove the object (shm_unlink) unless a process
                                         still maps it as far as /proc/*/maps shows; the pids are named
              --force                    with --unlink: remove it even while processes map it (they keep
                                         their mapping; a process that opens the name next creates a new,
                                         separate arena)
              --reclaim                  before the report, give back the chunks of dead processes recorded
                                         in the arena's reclamation companion NAME.owners (arenas opened
                                         with ShmOptions.withReclamation()): the one command that writes,
                                         and only to push those chunks back and free their slots; how many
                                         went back is said on standard error. Live processes' chunks,
                                         chunks in transit and C++ processes' chunks are never touched
              --help                     this text

            exit status: 0 no errors (warnings allowed)
                         1 errors found: an arena refuses the object, or cannot use it as it is
                         2 bad arguments, or the configuration given does not fit the object
                         3 the object cannot be read (missing, not readable by this user, empty, or a
                           layout descriptor of another arenagen version)
                         4 the object changed size while it was read (another process truncated it);
                           inspect it again
                         7 --reclaim failed: no companion, or it or the arena is refused or not writable
                           by this user (nothing was reclaimed)
            with --unlink, the exit status says what became of the object instead of 0 and 1:
                         0 removed; 3 there was no such object; 5 not removed: processes still map it;
                         6 not removed: shm_unlink failed (another user's object: run as its owner)

            JSON fields (one object per report):
              kind                "arena", or "queue" (its fields are listed after the arena's)
              name, takenAt (ISO-8601 instant), objectSize (bytes), ownerUid, mode ("0600")
              count, sizes        the configuration the object was read with
              fromDescriptor      true: read from the layout descriptors arenagen writes into every pool
                                  header; false: the --count/--sizes given (C++-made objects have none)
              pools[]             pool, chunkSize, capacity (= count)
                                  free, inUse     chunks on the free list and the others; counted only
                                                  when "counted" is true, 0 otherwise
                                  counted         the free list was walked: a ready pool an arena accepts
                                  settled         the walk saw the pool's head unchanged from start to end;
                                                  false when other processes allocated or freed meanwhile,
                                                  and free/inUse are then approximate (~ in the text)
                                  operations      successful allocations and frees (the head's generation,
                                                  mod 2^32; C++ processes count too)
                                  exhaustions     requests that found the pool empty (arenagen only)
                                  state           fresh, busy (being initialized), ready, foreign
                                  initializerPid, initializerPidNamespace   recorded by the initializing
                                                  arenagen process, 0 if none (C++ records none)
                                  initializer     alive, dead, other_namespace, not_recorded
              owners              null without a reclamation companion; otherwise name (NAME.owners),
                                  inTransit (released, not yet adopted), heldByDead, lostMidReclaim
                                  (marked by a reclaimer killed before its batch's push, not free),
                                  unrecordedInUse (in use, no entry: C++ processes, processes without
                                  reclamation, or lost between a pop and its owner store), slots[]: slot,
                                  alive (its lock is held), pid, pidNamespace (as recorded at attach, for
                                  people: liveness is the lock), generation, chunks
              problems[]          severity (error, warning), kind (see below), pool (-1: the whole
                                  object), message (what was found and what to do), errors first
              errors              whether any problem is an error (exit status 1)
            a queue's JSON: kind "queue", name, takenAt, objectSize, ownerUid, mode, problems, errors as
            above, and
              policy (spsc, mpsc, mpmc), capacity, elementSize, elementAlignment, slotSize (bytes)
              fromDescriptor      true: from the queue descriptor; false: the --queue given
              state               fresh, busy, ready, foreign
              head, tail          the next positions to write and to read, as read
              pending             head - tail, bounded to 0..capacity (crafted positions: an error)
              fulls, stalls, skipped   offers that found it full, bounded waits that ended behind a
                                  claimed but unpublished slot, such slots skipped (arenagen only)
              stalledPosition     the claimed but unpublished slot at the tail, -1 if none
              initializerPid, initializerPidNamespace, initializer   as for a pool
            problem kinds: cycle, index_out_of_range, foreign_magic, foreign_header, foreign_descriptor,
              layout_version, descriptor_mismatch, size_mismatch, cpp_pool_not_ready,
              positions_out_of_range, companion_refused, owner_entry_out_of_range (errors); busy,
              busy_dead_initializer, fresh_pool, exhausted, owner, mode, queue_not_ready, stalled_slot,
              held_by_dead, lost_mid_reclaim (warnings)

            The command is the executable jar arena-inspect/target/arena-inspect.jar of a build (mvn -pl
            arena-inspect -am package), also installed as arena-inspect-VERSION.jar under
            ~/.m2/repository/io/arenagen/arena-inspect/VERSION/ by mvn install: run it with
            java -jar arena-inspect-VERSION.jar NAME, or with bin/arena-inspect NAME, which finds a JDK 25
            and runs the jar named by ARENA_INSPECT_JAR (default: the build's target/arena-inspect.jar).
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
        boolean unlink = false;
        boolean force = false;
        Optional<RingLayout> queue = Optional.empty();
        boolean reclaim = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--json" -> json = true;
                case "--unlink" -> unlink = true;
                case "--force" -> force = true;
                case "--reclaim" -> reclaim = true;
                case "--count" -> count = OptionalLong.of(number(arg, value(args, ++i, arg)));
                case "--sizes" -> sizes = sizes(value(args, ++i, arg));
                case "--queue" -> queue = Optional.of(queue(value(args, ++i, arg)));
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
        if (queue.isPresent() && count.isPresent()) {
            throw new UsageException("--queue and --count/--sizes exclude each other: the first describes a queue, "
                    + "the others an arena; give the one the object is");
        }
        if (unlink && watch > 0) {
            throw new UsageException("--unlink and --watch exclude each other: the object is removed after one "
                    + "report; watch it first, then run --unlink");
        }
        if (force && !unlink) {
            throw new UsageException("--force only applies to --unlink; for example arena-inspect " + name
                    + " --unlink --force");
        }
        if (refreshes < 1) {
            throw new UsageException("--refreshes " + refreshes + " must be 1 or more");
        }
        if (reclaim && (unlink || watch > 0 || queue.isPresent() || count.isPresent())) {
            throw new UsageException("--reclaim goes alone (with --json at most): the arena's configuration comes "
                    + "from its companion " + name + ".owners, and the report after it shows the result; for example "
                    + "arena-inspect " + name + " --reclaim");
        }
        return new Arguments(name, count, sizes, json, watch, watch > 0 ? refreshes : 1, unlink, force, queue,
                reclaim);
    }

    /** {@code POLICY,CAPACITY} as a queue of 64-bit values; the layout rules name what is wrong. */
    private static RingLayout queue(String value) throws UsageException {
        String[] parts = value.split(",");
        RingPolicy policy = null;
        if (parts.length == 2) {
            for (RingPolicy candidate : RingPolicy.values()) {
                if (candidate.name().equalsIgnoreCase(parts[0].strip())) {
                    policy = candidate;
                }
            }
        }
        if (policy == null) {
            throw new UsageException("--queue " + value + " is not POLICY,CAPACITY with POLICY spsc, mpsc or mpmc; "
                    + "for example --queue mpsc,1024");
        }
        long capacity = number("--queue", parts[1]);
        try {
            return RingLayout.ofLongs(policy, capacity);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--queue " + value.toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
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
                && refreshes == that.refreshes && unlink == that.unlink && force == that.force
                && queue.equals(that.queue) && reclaim == that.reclaim;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "Arguments[" + name + ", count=" + count + ", sizes=" + Arrays.toString(sizes) + ", json=" + json
                + ", watch=" + watchSeconds + ", refreshes=" + refreshes + ", unlink=" + unlink + ", force=" + force
                + ", queue=" + queue + ", reclaim=" + reclaim + "]";
    }
}

package io.arenagen.runtime.internal;

import io.arenagen.runtime.ArenaException;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * The protocol that makes one shared object (a pool of an arena, a queue) ready exactly once, however many
 * processes and threads open it at the same time, through the 64-bit magic word that both the C++ library
 * and arenagen keep in the object's first bytes: {@link #FRESH} → {@link #BUSY} → {@link #READY}.
 *
 * <ul>
 * <li>Claim: the one opener whose CAS moves the magic {@code fresh → busy} owns the object. It records its
 *     pid and pid namespace, lets the {@link Target} build the object, then stores {@code ready} with
 *     release semantics. A fresh magic over a header that is not all zero is refused as foreign bytes.</li>
 * <li>Build or release: when the build throws, the header goes back to all zero and the magic to
 *     {@code fresh}, so that the next opener initializes the object instead of waiting for a dead end.</li>
 * <li>Wait: every other opener loads the magic with acquire semantics, with {@link Backoff} between loads,
 *     until it is ready (then the {@link Target} verifies it), bounded by the timeout.</li>
 * <li>Take-over: after a grace of 50 ms, an initializer that recorded its pid in this pid namespace and is
 *     provably dead ({@link ProcessLiveness#isAlive}) is replaced by one waiter, elected by a CAS on the pid
 *     word. The taker rebuilds only if the magic is still busy: an initializer that stored ready just
 *     before it died left a live object, which is verified, never reset. This process's own pid is a
 *     previous incarnation's (a restarted container that reused the pid) unless one of this process's
 *     threads is building the object, which a process-wide registry tells; then it is taken over at once.</li>
 * <li>An interrupted waiter stops waiting (parking returns at once while the interrupt status is set, so the
 *     wait would spin until its timeout): an {@link ArenaException} that says so, the status kept, the object
 *     untouched.</li>
 * </ul>
 *
 * <p>Only the set-up path runs this; it allocates. What an object is made of, how a ready one is checked and
 * what foreign bytes are called belong to the {@link Target}; where the protocol's words lie to
 * {@link Header}; how the messages name the object to {@link Subject}.
 */
public final class ReadyOnce {

    /** Magic of an object nobody has initialized yet (a freshly sized object is all zero). */
    public static final long FRESH = 0L;
    /** Magic while one process initializes the object. */
    public static final long BUSY = 0xFFFF_FFFF_FFFF_FFFFL;
    /** Magic of a ready object: the C++ library's {@code MAGIC}, the same for pools and queues. */
    public static final long READY = 0x9F7E_3B2A_8D5C_4E1BL;

    private static final VarHandle LONG = LittleEndian.LONG;

    /** How long a waiter lets a silent initializer work before it checks whether that process is alive. */
    private static final long LIVENESS_GRACE_NANOS = 50_000_000L;

    /** Inode of this process's pid namespace, 0 if unknown; pids are compared only within one namespace. */
    private static final long SELF_PID_NAMESPACE = ProcessLiveness.pidNamespace();

    private static final long SELF_PID = ProcessHandle.current().pid();

    /**
     * Objects that threads of this process are claiming or building, with the number of such threads, by
     * {@link #buildingKey}. Keyed by name, not by address: one process may map one shared object twice, at
     * two addresses, and a thread waiting through one mapping must still see the builder working through
     * the other.
     */
    private static final ConcurrentHashMap<String, Integer> BUILDING = new ConcurrentHashMap<>();

    /**
     * Where the protocol's words lie, in bytes from the magic word.
     *
     * @param pidOffset the initializer's pid
     * @param pidNamespaceOffset the inode of the initializer's pid namespace
     * @param headerEnd the end of the header: bytes 8 to {@code headerEnd} are all zero in a fresh object
     */
    public record Header(long pidOffset, long pidNamespaceOffset, long headerEnd) {
    }

    /**
     * How messages name the object.
     *
     * @param object the memory, for example {@code "shared object /feed"}
     * @param part what in it is initialized, for example {@code "pool 2"} or {@code "the queue (SPSC, ...)"}
     * @param kind what the caller opens again after an interruption: {@code "arena"}, {@code "queue"}
     * @param unlink the call that removes a stale object, for example {@code "SharedMemory.unlink"}
     */
    public record Subject(String object, String part, String kind, String unlink) {
    }

    /** What one kind of object contributes to the protocol. */
    public interface Target {

        /** Checks a ready object against the caller's configuration; throws without writing anything. */
        void verify();

        /**
         * Writes the object that this thread owns (the magic is busy, the pid words are ours). The protocol
         * stores {@code ready} after it returns, and hands the object back as fresh if it throws.
         */
        void build();

        /** The error for a magic that is none of {@link #FRESH}, {@link #BUSY}, {@link #READY}. */
        ArenaException foreignMagic(long magic);

        /** The error for a fresh magic over the non-zero header word {@code word} at {@code offset}. */
        ArenaException foreignHeader(long offset, long word);
    }

    private final MemorySegment memory;
    private final long magicOffset;
    private final Header header;
    private final Subject subject;
    private final long timeoutNanos;
    private final Target target;
    private final LongPredicate alive;

    /**
     * @param memory the memory that holds the object
     * @param magicOffset where its magic word lies in {@code memory}
     * @param header where the protocol's other words lie
     * @param subject how messages name it
     * @param timeoutNanos how long to wait for another process's initialization
     * @param target what the object is made of
     */
    public ReadyOnce(MemorySegment memory, long magicOffset, Header header, Subject subject, long timeoutNanos,
            Target target) {
        this(memory, magicOffset, header, subject, timeoutNanos, target, ProcessLiveness::isAlive);
    }

    /**
     * As {@link #ReadyOnce(MemorySegment, long, Header, Subject, long, Target)}, with {@code alive} telling
     * whether a recorded initializer still runs: {@link ProcessLiveness#isAlive} but in tests, which use it to
     * place another process's step in the window between a waiter's load of busy and its take-over.
     */
    public ReadyOnce(MemorySegment memory, long magicOffset, Header header, Subject subject, long timeoutNanos,
            Target target, LongPredicate alive) {
        this.memory = memory;
        this.magicOffset = magicOffset;
        this.header = header;
        this.subject = subject;
        this.timeoutNanos = timeoutNanos;
        this.target = target;
        this.alive = alive;
    }

    /**
     * Makes the object ready: builds it if it is fresh or its initializer is provably dead, otherwise waits
     * for it; verifies a ready object that this call did not build.
     *
     * @return whether this call built the object
     * @throws ArenaException on foreign bytes, a refused ready object, an initializer that did not finish in
     *     time, or an interrupt
     */
    public boolean initialize() {
        long pidOffset = magicOffset + header.pidOffset();
        long started = System.nanoTime();
        long magic = FRESH; // claim first; a CAS that fails reads the current magic
        for (int round = 0; ; round++) {
            if (magic == FRESH) {
                requireFreshHeader();
                // Volatile CAS: the one process that moves fresh -> busy owns the object until it stores ready;
                // for everybody else the failed CAS returns the current magic, with acquire semantics.
                // Registered before the CAS, so that no other thread of this process ever sees our pid in a
                // busy object that no thread of ours is building (which it would take for a previous incarnation).
                String key = buildingKey();
                BUILDING.merge(key, 1, Integer::sum);
                try {
                    magic = (long) LONG.compareAndExchange(memory, magicOffset, FRESH, BUSY);
                    if (magic == FRESH) {
                        LONG.setVolatile(memory, magicOffset + header.pidNamespaceOffset(), SELF_PID_NAMESPACE);
                        LONG.setVolatile(memory, pidOffset, SELF_PID);
                        buildOrRelease();
                        return true;
                    }
                } finally {
                    unregister(key);
                }
                continue;
            }
            if (magic == READY) {
                target.verify();
                return false;
            }
            if (magic != BUSY) {
                throw target.foreignMagic(magic);
            }
            long waited = System.nanoTime() - started;
            if (waited > LIVENESS_GRACE_NANOS && takeOverFromDeadInitializer(pidOffset)) {
                // Won the pid word, but the initializer may have stored "ready" just before dying: rebuild
                // only an object that is still busy, otherwise go round again and verify it.
                try {
                    magic = (long) LONG.getAcquire(memory, magicOffset);
                    if (magic == BUSY) {
                        LONG.setVolatile(memory, magicOffset + header.pidNamespaceOffset(), SELF_PID_NAMESPACE);
                        buildOrRelease();
                        return true;
                    }
                } finally {
                    unregister(buildingKey());
                }
                continue;
            }
            if (waited > timeoutNanos) {
                throw stuck(pidOffset);
            }
            requireNotInterrupted(waited);
            Backoff.pause(round);
            magic = (long) LONG.getAcquire(memory, magicOffset);
        }
    }

    /**
     * Waits, bounded by the timeout, until another process makes the object ready, then verifies it; never
     * claims it, whatever its magic says (for objects whose creator, not this process, must initialize them).
     *
     * @param timedOut the error once the timeout has passed, given the magic last loaded (fresh or busy)
     * @throws ArenaException on foreign bytes, a refused ready object, the timeout, or an interrupt
     */
    public void awaitReady(LongFunction<ArenaException> timedOut) {
        long started = System.nanoTime();
        for (int round = 0; ; round++) {
            long magic = (long) LONG.getAcquire(memory, magicOffset);
            if (magic == READY) {
                target.verify();
                return;
            }
            if (magic != FRESH && magic != BUSY) {
                throw target.foreignMagic(magic);
            }
            long waited = System.nanoTime() - started;
            if (waited > timeoutNanos) {
                throw timedOut.apply(magic);
            }
            requireNotInterrupted(waited);
            Backoff.pause(round);
        }
    }

    /**
     * The offset (from the magic) of the first non-zero word of the header of an object whose magic is fresh,
     * or -1 if there is none. An initializer writes the header only after its CAS took the magic away from
     * fresh, so a non-zero word counts only if the magic, loaded again after it (acquire fence between the
     * loads), is still fresh; otherwise another process has just claimed the object (-1: a claim's CAS sees
     * that). Only reads.
     */
    public long foreignFreshHeaderWord() {
        for (long offset = Long.BYTES; offset < header.headerEnd(); offset += Long.BYTES) {
            if (memory.get(LittleEndian.LONG_UNALIGNED, magicOffset + offset) != 0) {
                VarHandle.acquireFence();
                return (long) LONG.getAcquire(memory, magicOffset) == FRESH ? offset : -1;
            }
        }
        return -1;
    }

    private void requireFreshHeader() {
        long offset = foreignFreshHeaderWord();
        if (offset >= 0) {
            throw target.foreignHeader(offset, memory.get(LittleEndian.LONG_UNALIGNED, magicOffset + offset));
        }
    }

    /**
     * Builds an object this thread owns and publishes it; if building fails (the memory was closed meanwhile,
     * say), hands the object back as fresh so that another process can initialize it.
     */
    private void buildOrRelease() {
        try {
            target.build();
            // Release: every write of the build is visible to whoever loads "ready" with acquire.
            LONG.setRelease(memory, magicOffset, READY);
        } catch (RuntimeException | Error e) {
            try {
                // Back to exactly what ftruncate left: a fresh magic over a non-zero header (the descriptor
                // just written) would be refused as foreign bytes by the next initializer.
                memory.asSlice(magicOffset + Long.BYTES, header.headerEnd() - Long.BYTES).fill((byte) 0);
                LONG.setRelease(memory, magicOffset, FRESH);
            } catch (RuntimeException closed) {
                e.addSuppressed(closed);
            }
            throw e;
        }
    }

    /**
     * Whether this thread takes over the object from an initializer that is provably gone; if so, the object
     * is registered as being built by this thread (the caller unregisters it).
     *
     * <p>Our own pid in our own pid namespace is a previous incarnation's unless a thread of this process is
     * claiming or building the object right now, which {@link #BUILDING} tells: registering there elects one
     * taker among this process's threads.
     */
    private boolean takeOverFromDeadInitializer(long pidOffset) {
        long pid = (long) LONG.getVolatile(memory, pidOffset);
        long namespace = (long) LONG.getVolatile(memory, magicOffset + header.pidNamespaceOffset());
        // A pid means something only in its own pid namespace: never judge a process of another one.
        if (pid <= 0 || namespace == 0 || namespace != SELF_PID_NAMESPACE) {
            return false;
        }
        String key = buildingKey();
        if (pid == SELF_PID) {
            return BUILDING.putIfAbsent(key, 1) == null;
        }
        if (alive.test(pid)) {
            return false;
        }
        BUILDING.merge(key, 1, Integer::sum);
        // Volatile CAS on the pid word elects one taker among the waiters; the loser sees a live pid.
        if ((long) LONG.compareAndExchange(memory, pidOffset, pid, SELF_PID) == pid) {
            return true;
        }
        unregister(key);
        return false;
    }

    private String buildingKey() {
        return subject.object() + "@" + magicOffset;
    }

    private static void unregister(String key) {
        BUILDING.computeIfPresent(key, (k, threads) -> threads == 1 ? null : threads - 1);
    }

    /**
     * Ends a wait whose thread is interrupted: parking returns at once while the interrupt status is set, so
     * waiting on would spin at full speed until the timeout. The status stays set for the caller.
     */
    private void requireNotInterrupted(long waitedNanos) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ArenaException(subject.object() + ": interrupted while waiting " + waitedNanos / 1_000_000
                    + " ms for another process to initialize " + subject.part() + "; nothing was changed and the "
                    + "thread's interrupt status is kept. Open the " + subject.kind() + " again once the "
                    + "interruption is handled.");
        }
    }

    private ArenaException stuck(long pidOffset) {
        long pid = (long) LONG.getVolatile(memory, pidOffset);
        long namespace = (long) LONG.getVolatile(memory, magicOffset + header.pidNamespaceOffset());
        String who;
        if (pid <= 0) {
            who = "its initializer recorded no pid (a C++ process, or one that died at once)";
        } else if (namespace == 0 || namespace != SELF_PID_NAMESPACE) {
            who = "its initializer (pid " + pid + ") ran in another or an unknown pid namespace, where this process "
                    + "cannot tell whether it is still running";
        } else {
            who = "its initializer (pid " + pid + ") is still running";
        }
        return new ArenaException(subject.object() + ": " + subject.part() + " has been initializing for more than "
                + timeoutNanos / 1_000_000 + " ms and " + who + ". If no process is initializing it, remove it ("
                + subject.unlink() + ") and open it again; or allow a longer wait (ShmOptions.withInitTimeout).");
    }
}

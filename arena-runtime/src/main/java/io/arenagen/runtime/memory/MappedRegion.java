package io.arenagen.runtime.memory;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Errno;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ArenaRules;
import io.arenagen.runtime.internal.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code mmap}ed region, private or shared, seen as a {@link MemorySegment} of
 * {@link #segment()}{@code .byteSize()} bytes. {@link #close()} unlocks, unmaps and closes the file
 * descriptor; the segment and every slice of it then throw {@link IllegalStateException} on access.
 *
 * <p>The segment belongs to a shared {@link Arena}, so any thread may use it and closing it is safe
 * against concurrent access (the JVM's handshake, not a lock on the access path). A region from
 * {@link #localConfined(long)} belongs to a confined {@link Arena} instead, owned by the thread that
 * mapped it: FFM refuses every access through the segment from another thread with
 * {@link WrongThreadException}, and only the owner can close it.
 *
 * <p>A confined region that is never closed (its owner thread ended, or dropped it, without
 * {@code close()}) is unmapped by a {@link Cleaner} once its scope is unreachable: the cleaner
 * watches the segment's {@link MemorySegment#scope() scope}, which the region, the arena over it and
 * every segment sliced from it reference, so it runs only when no arena and no segment of this memory
 * remains, that is when nothing can access the memory any more (as {@link Arena#ofAuto()} frees its
 * memory). Its action holds the address, length and descriptor only, never the region or the scope,
 * which would keep them reachable. Closing and cleaning are the same {@link Cleaner.Cleanable}, which
 * runs at most once: a region closed by its owner is never unmapped again by the cleaner (its range
 * may by then belong to another mapping). The owner thread's end alone releases nothing while an
 * arena or a segment is still reachable; a plain offset holds nothing. Shared regions are not
 * watched: they are closed explicitly, by any thread.
 */
@SuppressWarnings("restricted") // the native access this module exists for; enabled with --enable-native-access
public final class MappedRegion implements AutoCloseable {

    /** Huge pages are tried for mappings of at least this size, rounded up to it. */
    static final long HUGE_PAGE_SIZE = ArenaRules.LARGEST_PAGE_SIZE;

    private final String description;
    private final long address;
    private final long mappedLength;
    private final int fd;
    private final boolean hugePages;
    private final boolean created;
    private final Arena scope;
    private final MemorySegment segment;
    /** Unlocks, unmaps and closes the descriptor: the raw numbers only, see {@link Unmapping}. */
    private final Unmapping unmapping;
    /** A confined region's registration with {@link Unwatched#CLEANER}; {@code null} for a shared one. */
    private final Cleaner.Cleanable cleanable;

    MappedRegion(String description, long address, long mappedLength, long usableSize, int fd,
                 boolean hugePages, boolean created) {
        this(description, address, mappedLength, usableSize, fd, hugePages, created, Arena.ofShared(), false);
    }

    /**
     * Like the other constructor, with the scope the segment belongs to (owned by this region from now on);
     * {@code confined} when that scope is confined, and so watched by the cleaner.
     */
    private MappedRegion(String description, long address, long mappedLength, long usableSize, int fd,
                         boolean hugePages, boolean created, Arena scope, boolean confined) {
        this.description = description;
        this.address = address;
        this.mappedLength = mappedLength;
        this.fd = fd;
        this.hugePages = hugePages;
        this.created = created;
        this.scope = scope;
        this.unmapping = new Unmapping(address, mappedLength, fd);
        // The cleanup runs once, when the scope closes: after it no access through the segment is possible.
        this.segment = MemorySegment.ofAddress(address).reinterpret(usableSize, scope, ignored -> release());
        // Only a confined scope needs watching: nobody but its owner thread can close it.
        this.cleanable = confined ? Unwatched.CLEANER.register(segment.scope(), unmapping) : null;
    }

    /**
     * The cleaner of confined regions, in a holder so that its thread starts only when the first
     * confined region is mapped.
     */
    private static final class Unwatched {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /**
     * Unlocks, unmaps and closes the descriptor of one region. It holds the numbers only, never the
     * region, its scope or a segment: as a {@link Cleaner} action it must not keep the scope reachable.
     */
    private static final class Unmapping implements Runnable {
        private final long address;
        private final long length;
        private final int fd;
        /** Set by {@link MappedRegion#mlock}; read by {@link #run} on the closing or the cleaner's thread. */
        private volatile boolean locked;

        Unmapping(long address, long length, int fd) {
            this.address = address;
            this.length = length;
            this.fd = fd;
        }

        @Override
        public void run() {
            if (locked) {
                Libc.munlock(address, length);
            }
            Libc.munmap(address, length);
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }

    /**
     * Maps {@code size} bytes (a multiple of the page size) of private anonymous memory, populated:
     * {@code MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE}, with {@code MAP_HUGETLB} tried first when
     * the size is at least one huge page, silently falling back to normal pages.
     *
     * @throws ArenaException if the kernel refuses the mapping
     */
    public static MappedRegion local(long size) {
        return mapPrivate(size, Arena.ofShared(), false);
    }

    /**
     * Like {@link #local(long)}, in a segment of a confined {@link Arena} owned by the calling thread:
     * only that thread can access the memory or {@link #close()} the region ({@link WrongThreadException}
     * otherwise, from FFM's own check).
     *
     * @throws ArenaException if the kernel refuses the mapping
     */
    public static MappedRegion localConfined(long size) {
        return mapPrivate(size, Arena.ofConfined(), true);
    }

    /** Maps private memory into a segment of {@code scope}; {@code scope} is closed if the mapping fails. */
    private static MappedRegion mapPrivate(long size, Arena scope, boolean confined) {
        int flags = Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_POPULATE;
        if (size >= HUGE_PAGE_SIZE) {
            long hugeLength = ArenaLayout.roundUpToPage(size, HUGE_PAGE_SIZE);
            Libc.Result huge = Libc.mmap(hugeLength, Libc.PROT_READ | Libc.PROT_WRITE,
                    flags | Libc.MAP_HUGETLB | Libc.MAP_HUGE_2MB, -1);
            if (!huge.failed()) {
                return new MappedRegion("private memory", huge.value(), hugeLength, size, -1, true, true, scope,
                        confined);
            }
        }
        Libc.Result mapped = Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE, flags, -1);
        if (mapped.failed()) {
            scope.close();
            throw new ArenaException("mmap(" + size + " bytes, MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE) failed: "
                    + Errno.describe(mapped.errno()) + ". "
                    + (mapped.errno() == Errno.ENOMEM
                            ? "The machine cannot back this arena: lower count or sizes, or add memory/swap."
                            : "Check the arena's size and the process limits (ulimit -v)."),
                    mapped.errno());
        }
        return new MappedRegion("private memory", mapped.value(), size, size, -1, false, true, scope, confined);
    }

    /** Maps an open shared-memory descriptor ({@code MAP_SHARED}, {@code MAP_HUGETLB} tried first). */
    static MappedRegion shared(String name, int fd, long size, boolean created) {
        int prot = Libc.PROT_READ | Libc.PROT_WRITE;
        Libc.Result huge = Libc.mmap(size, prot, Libc.MAP_SHARED | Libc.MAP_HUGETLB | Libc.MAP_HUGE_2MB, fd);
        if (!huge.failed()) {
            return new MappedRegion("shared object " + name, huge.value(), size, size, fd, true, created);
        }
        Libc.Result mapped = Libc.mmap(size, prot, Libc.MAP_SHARED, fd);
        if (mapped.failed()) {
            Libc.close(fd);
            throw new ArenaException("mmap(" + size + " bytes, MAP_SHARED) of shared object " + name + " failed: "
                    + Errno.describe(mapped.errno()) + ". Check free space in /dev/shm (df -h /dev/shm) "
                    + "and the process limits.", mapped.errno());
        }
        return new MappedRegion("shared object " + name, mapped.value(), size, size, fd, false, created);
    }

    /** The mapped memory; its scope ends with {@link #close()}. */
    public MemorySegment segment() {
        return segment;
    }

    /** {@code "private memory"} or {@code "shared object /name"}. */
    public String description() {
        return description;
    }

    /** Whether this is a shared-memory object that other processes may map, not private memory. */
    public boolean isShared() {
        return fd >= 0;
    }

    /** Whether the mapping is backed by huge pages. */
    public boolean hugePages() {
        return hugePages;
    }

    /** Whether this process created the memory (always true for private memory). */
    public boolean created() {
        return created;
    }

    /**
     * The shared object's open file descriptor, which this region keeps open until {@link #close()}:
     * for open-file-description locks ({@code fcntl(F_OFD_SETLK)}) that live exactly as long as the
     * region, and for {@code fstat}.
     *
     * @throws IllegalStateException if this is private memory, which has no descriptor
     */
    public int descriptor() {
        if (fd < 0) {
            throw new IllegalStateException(description + " has no file descriptor");
        }
        return fd;
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return !scope.scope().isAlive();
    }

    /**
     * Locks the whole region in RAM ({@code mlock}).
     *
     * @throws ArenaException with errno and remedy if the kernel refuses
     * @throws IllegalStateException if the region is closed
     */
    public synchronized void mlock() {
        requireOpen();
        Libc.Result result = Libc.mlock(address, mappedLength);
        if (result.failed()) {
            String remedy = switch (result.errno()) {
                case Errno.ENOMEM -> "The locked-memory limit is too low: raise RLIMIT_MEMLOCK (ulimit -l, "
                        + "LimitMEMLOCK= in systemd, memlock in /etc/security/limits.conf) to at least "
                        + mappedLength + " bytes, or grant CAP_IPC_LOCK.";
                case Errno.EPERM -> "The process may not lock memory: grant CAP_IPC_LOCK or raise RLIMIT_MEMLOCK.";
                case Errno.EAGAIN -> "Some of the memory could not be locked: retry, or free memory on the host.";
                default -> "See mlock(2).";
            };
            throw new ArenaException("mlock(" + mappedLength + " bytes of " + description + ") failed: "
                    + Errno.describe(result.errno()) + ". " + remedy, result.errno());
        }
        unmapping.locked = true;
        Reference.reachabilityFence(scope); // the raw address was in use: no cleaner may unmap it before here
    }

    /**
     * Binds the region's memory to NUMA node {@code node} ({@code mbind(MPOL_BIND)} through
     * {@code syscall}).
     *
     * @throws IllegalArgumentException if {@code node} is negative
     * @throws ArenaException with errno and remedy if the kernel refuses (for example a node that does
     *     not exist); EINVAL without a system call for a node beyond the machine's possible nodes
     *     ({@code /sys/devices/system/node/possible}; when that file is missing, beyond the kernel's limit
     *     of {@value #MAX_NUMA_NODES} nodes)
     * @throws IllegalStateException if the region is closed
     */
    public synchronized void mbind(int numaNode) {
        requireOpen();
        if (numaNode < 0) {
            throw new IllegalArgumentException("numaNode = " + numaNode + " is negative; use a node listed in "
                    + "/sys/devices/system/node (0 on a single-node machine)");
        }
        String possible = possibleNodes();
        int highest = highestNode(possible);
        if (numaNode > highest) {
            // Refused before the call, as the kernel would refuse it, without building a node mask of up to
            // 256 MiB for it.
            throw new ArenaException("mbind(" + mappedLength + " bytes of " + description + ", MPOL_BIND, node "
                    + numaNode + ") refused before the call: " + Errno.describe(Errno.EINVAL) + ". numaNode = "
                    + numaNode + " is not a NUMA node of this machine, whose possible nodes are "
                    + (possible == null ? "unknown (no " + POSSIBLE_NODES + "), at most 0-" + (MAX_NUMA_NODES - 1)
                    : possible + " (" + POSSIBLE_NODES + ")") + "; use a node listed in "
                    + "/sys/devices/system/node/has_memory.", Errno.EINVAL);
        }
        if (!Libc.mbindSupported()) {
            throw new ArenaException("mbind is not available on " + System.getProperty("os.arch")
                    + ": arenagen knows its system-call number on x86_64 and aarch64 only.", Errno.ENOSYS);
        }
        Libc.Result result = Libc.mbind(address, mappedLength, numaNode);
        if (result.failed()) {
            String remedy = switch (result.errno()) {
                case Errno.EINVAL -> "NUMA node " + numaNode + " does not exist or has no memory: use a node "
                        + "listed in /sys/devices/system/node/has_memory.";
                case Errno.EPERM -> "The process may not bind memory here: grant CAP_SYS_NICE.";
                case Errno.ENOSYS -> "The kernel was built without NUMA support (CONFIG_NUMA): do not call mbind.";
                default -> "See mbind(2).";
            };
            throw new ArenaException("mbind(" + mappedLength + " bytes of " + description + ", MPOL_BIND, node "
                    + numaNode + ") failed: " + Errno.describe(result.errno()) + ". " + remedy, result.errno());
        }
        Reference.reachabilityFence(scope); // the raw address was in use: no cleaner may unmap it before here
    }

    /** The kernel's bound on NUMA nodes ({@code MAX_NUMNODES} with the largest {@code CONFIG_NODES_SHIFT}). */
    static final int MAX_NUMA_NODES = 1024;

    private static final Path POSSIBLE_NODES = Path.of("/sys/devices/system/node/possible");

    /** The machine's possible NUMA nodes as the kernel lists them ({@code "0"}, {@code "0-3"}), or null. */
    private static String possibleNodes() {
        try {
            return Files.readString(POSSIBLE_NODES).strip();
        } catch (IOException | RuntimeException unknown) {
            return null;
        }
    }

    /**
     * The highest node of a kernel node list such as {@code "0-3,8"}; {@code MAX_NUMA_NODES - 1} when the
     * list is missing or unreadable.
     */
    static int highestNode(String list) {
        if (list == null || list.isEmpty()) {
            return MAX_NUMA_NODES - 1;
        }
        try {
            int highest = -1;
            for (String range : list.split(",")) {
                String last = range.substring(range.indexOf('-') + 1).strip();
                highest = Math.max(highest, Integer.parseInt(last));
            }
            return Math.min(highest, MAX_NUMA_NODES - 1);
        } catch (RuntimeException unparsable) {
            return MAX_NUMA_NODES - 1;
        }
    }

    /**
     * Unlocks, unmaps and closes the descriptor; closing twice does nothing.
     *
     * @throws WrongThreadException if the region is confined and the caller is not its owner; the
     *     region stays open and usable by the owner
     */
    @Override
    public synchronized void close() {
        // Synchronized with mlock and mbind, which pass the raw address: never on a range already unmapped.
        if (scope.scope().isAlive()) {
            scope.close();
        }
    }

    private void requireOpen() {
        if (isClosed()) {
            throw new IllegalStateException("the arena over " + description + " is closed");
        }
    }

    /**
     * Runs once, as the cleanup of {@link #scope}: nothing can reach the memory any more. A confined
     * region unmaps through its {@link #cleanable}, which deregisters it from the cleaner.
     */
    private void release() {
        if (cleanable != null) {
            cleanable.clean();
        } else {
            unmapping.run();
        }
    }
}

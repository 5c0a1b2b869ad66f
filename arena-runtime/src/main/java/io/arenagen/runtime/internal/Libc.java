package io.arenagen.runtime.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcalls into Linux libc for the calls the arena needs. Each returns a {@link Result}: the
 * return value and, on failure, the {@code errno} captured right after the call (the JVM may
 * clobber errno between two Java statements, so it is captured by the linker).
 *
 * <p>These are setup and teardown calls, never on an allocation path.
 */
@SuppressWarnings("restricted") // the native access this module exists for; enabled with --enable-native-access
public final class Libc {

    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_HUGETLB = 0x40000;
    /** {@code MAP_HUGE_2MB}: log2(2 MiB) in the flag bits at {@code MAP_HUGE_SHIFT} (26). */
    public static final int MAP_HUGE_2MB = 21 << 26;
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int SEEK_END = 2;
    public static final int MPOL_BIND = 2;
    private static final int SC_PAGESIZE = 30;

    /**
     * Where the C library keeps shared-memory objects: glibc 2.34 and newer (and musl) open
     * {@code shm_open(name)} as {@code /dev/shm/name}. Publishing a new object links it here
     * ({@link #link}); the creator checks that its object really is here before it relies on that.
     */
    public static final String SHM_DIRECTORY = "/dev/shm";

    /** Return value and errno of one call. */
    public record Result(long value, int errno) {
        /** Whether the call returned {@code -1} (every call here signals failure that way). */
        public boolean failed() {
            return value == -1L;
        }
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;

    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(LONG, LONG, SIZE_T, INT, INT, INT, LONG));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(INT, LONG, SIZE_T));
    private static final MethodHandle MLOCK = downcall("mlock", FunctionDescriptor.of(INT, LONG, SIZE_T));
    private static final MethodHandle MUNLOCK = downcall("munlock", FunctionDescriptor.of(INT, LONG, SIZE_T));
    private static final MethodHandle SHM_OPEN = downcall("shm_open",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT, INT));
    private static final MethodHandle SHM_UNLINK = downcall("shm_unlink", FunctionDescriptor.of(INT, ValueLayout.ADDRESS));
    private static final MethodHandle LINK = downcall("link",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle FTRUNCATE = downcall("ftruncate", FunctionDescriptor.of(INT, INT, LONG));
    private static final MethodHandle FCHMOD = downcall("fchmod", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle LSEEK = downcall("lseek", FunctionDescriptor.of(LONG, INT, LONG, INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SYSCALL6 = LINKER.downcallHandle(find("syscall"),
            FunctionDescriptor.of(LONG, LONG, LONG, LONG, LONG, LONG, LONG, LONG),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(find("strerror"),
            FunctionDescriptor.of(ValueLayout.ADDRESS, INT));
    private static final MethodHandle KILL = downcall("kill", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle POSIX_FALLOCATE = LINKER.downcallHandle(find("posix_fallocate"),
            FunctionDescriptor.of(INT, INT, LONG, LONG));
    private static final MethodHandle STATX = downcall("statx",
            FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT, INT, ValueLayout.ADDRESS));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(find("geteuid"), FunctionDescriptor.of(INT));
    private static final MethodHandle SYSCONF = LINKER.downcallHandle(find("sysconf"), FunctionDescriptor.of(LONG, INT));
    /** {@code fcntl(int fd, int cmd, struct flock *)}: variadic after {@code cmd}. */
    private static final MethodHandle FCNTL_LOCK = LINKER.downcallHandle(find("fcntl"),
            FunctionDescriptor.of(INT, INT, INT, ValueLayout.ADDRESS), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));

    private static final long PAGE_SIZE = sysconf(SC_PAGESIZE);
    private static final long SYS_MBIND = mbindSyscallNumber();

    private Libc() {
    }

    /** The base page size, {@code sysconf(_SC_PAGESIZE)}. */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    public static Result mmap(long length, int prot, int flags, int fd) {
        return call(MMAP, 0L, length, prot, flags, fd, 0L);
    }

    public static Result munmap(long address, long length) {
        return call(MUNMAP, address, length);
    }

    public static Result mlock(long address, long length) {
        return call(MLOCK, address, length);
    }

    public static Result munlock(long address, long length) {
        return call(MUNLOCK, address, length);
    }

    public static Result shmOpen(String name, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return call(SHM_OPEN, arena.allocateFrom(name), flags, mode);
        }
    }

    public static Result shmUnlink(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return call(SHM_UNLINK, arena.allocateFrom(name));
        }
    }

    /**
     * {@code link(existing, created)}: a second name for the file {@code existing}. Atomic: {@code created}
     * either names the whole file or does not exist, and the call fails with {@code EEXIST} if it already
     * names something.
     */
    public static Result link(String existing, String created) {
        try (Arena arena = Arena.ofConfined()) {
            return call(LINK, arena.allocateFrom(existing), arena.allocateFrom(created));
        }
    }

    public static Result ftruncate(int fd, long length) {
        return call(FTRUNCATE, fd, length);
    }

    public static Result fchmod(int fd, int mode) {
        return call(FCHMOD, fd, mode);
    }

    /** The size of the file behind {@code fd}: {@code lseek(fd, 0, SEEK_END)}, which equals {@code fstat}'s
     * {@code st_size} without depending on the architecture's {@code struct stat} layout. */
    public static Result fileSize(int fd) {
        return call(LSEEK, fd, 0L, SEEK_END);
    }

    /** {@code kill(pid, 0)}: 0 if the process exists and may be signalled, else errno ESRCH or EPERM. */
    public static Result probeProcess(long pid) {
        return call(KILL, (int) pid, 0);
    }

    /**
     * {@code posix_fallocate(fd, 0, length)}: reserves the pages of a shared object now, so that a full
     * {@code /dev/shm} is an error here rather than a SIGBUS on first touch. Returns 0 or the error number
     * (this call reports its error as its result, not through errno).
     */
    public static int fallocate(int fd, long length) {
        try {
            return (int) POSIX_FALLOCATE.invokeExact(fd, 0L, length);
        } catch (Throwable t) {
            throw new AssertionError("posix_fallocate failed", t);
        }
    }

    /**
     * Owner, permission bits, type and identity of a file, from {@code statx}. {@code struct statx} has
     * one layout on every architecture, unlike {@code struct stat}.
     *
     * @param uid owner ({@code stx_uid})
     * @param mode permission bits ({@code stx_mode & 07777})
     * @param device {@code stx_dev_major << 32 | stx_dev_minor}
     * @param inode {@code stx_ino}
     * @param size {@code stx_size}
     * @param type the file type ({@code stx_mode & S_IFMT}), for example {@link #S_IFREG}
     */
    public record FileStatus(int uid, int mode, long device, long inode, long size, int type) {
        /** Whether {@code other} is the same file (same device and inode). */
        public boolean sameFile(FileStatus other) {
            return device == other.device && inode == other.inode;
        }

        /** Whether this is a regular file, the only kind of file a shared-memory object is. */
        public boolean regularFile() {
            return type == S_IFREG;
        }

        /** What kind of file this is, for messages: {@code "a directory"}, {@code "a FIFO (named pipe)"}... */
        public String typeName() {
            return switch (type) {
                case S_IFREG -> "a regular file";
                case S_IFDIR -> "a directory";
                case S_IFIFO -> "a FIFO (named pipe)";
                case S_IFCHR -> "a character device";
                case S_IFBLK -> "a block device";
                case S_IFSOCK -> "a socket";
                case S_IFLNK -> "a symbolic link";
                default -> "a file of type 0" + Integer.toOctalString(type);
            };
        }
    }

    /** File-type bits of {@code st_mode} ({@code S_IFMT}) and their values. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    private static final int AT_FDCWD = -100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final long STATX_BYTES = 256;

    /** {@code fstat} of {@code fd} through {@code statx(fd, "", AT_EMPTY_PATH)}; errno on failure. */
    public static Result fstat(int fd, FileStatus[] out) {
        return statx(fd, "", AT_EMPTY_PATH, out);
    }

    /** {@code stat} of {@code path} through {@code statx(AT_FDCWD, path, 0)}; errno on failure. */
    public static Result stat(String path, FileStatus[] out) {
        return statx(AT_FDCWD, path, 0, out);
    }

    /**
     * {@code lstat} of {@code path} through {@code statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW)}: a symbolic
     * link is described itself, not followed. Errno on failure.
     */
    public static Result lstat(String path, FileStatus[] out) {
        return statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, out);
    }

    private static Result statx(int dirfd, String path, int flags, FileStatus[] out) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(STATX_BYTES, 8);
            Result result = call(STATX, dirfd, arena.allocateFrom(path), flags, STATX_BASIC_STATS, buffer);
            if (!result.failed()) {
                long device = (Integer.toUnsignedLong(buffer.get(INT, 136)) << 32) | Integer.toUnsignedLong(buffer.get(INT, 140));
                int mode = buffer.get(ValueLayout.JAVA_SHORT, 28) & 0xffff;
                out[0] = new FileStatus(buffer.get(INT, 20), mode & 07777, device, buffer.get(LONG, 32),
                        buffer.get(LONG, 40), mode & S_IFMT);
            }
            return result;
        }
    }

    /** {@code fcntl} command: test for an open-file-description lock ({@code <fcntl.h>}, Linux 3.15). */
    public static final int F_OFD_GETLK = 36;
    /** {@code fcntl} command: take or drop an open-file-description lock without waiting. */
    public static final int F_OFD_SETLK = 37;
    /** {@code fcntl} command: take an open-file-description lock, waiting for it. */
    public static final int F_OFD_SETLKW = 38;
    /** {@code l_type}: a shared (read) lock. */
    public static final short F_RDLCK = 0;
    /** {@code l_type}: an exclusive (write) lock. */
    public static final short F_WRLCK = 1;
    /** {@code l_type}: no lock (to drop one, or {@code F_OFD_GETLK}'s answer "nobody holds it"). */
    public static final short F_UNLCK = 2;
    private static final short SEEK_SET = 0;

    /**
     * {@code struct flock} as x86-64 and aarch64 Linux lay it out: {@code short l_type} at 0,
     * {@code short l_whence} at 2, {@code off_t l_start} at 8, {@code off_t l_len} at 16,
     * {@code pid_t l_pid} at 24, 32 bytes. The test {@code FlockLayoutTest} compiles a C program that
     * prints {@code offsetof}/{@code sizeof} and the {@code F_OFD_*} constants from the C headers and
     * compares them with these.
     */
    public static final StructLayout FLOCK = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("l_type"),
            ValueLayout.JAVA_SHORT.withName("l_whence"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.JAVA_LONG.withName("l_start"),
            ValueLayout.JAVA_LONG.withName("l_len"),
            ValueLayout.JAVA_INT.withName("l_pid"),
            MemoryLayout.paddingLayout(4));
    private static final long L_TYPE = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_type"));
    private static final long L_WHENCE = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_whence"));
    private static final long L_START = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_start"));
    private static final long L_LEN = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_len"));

    /**
     * {@code fcntl(fd, command, &flock)} on the byte range {@code [start, start + length)} with lock type
     * {@code type}, {@code l_pid} 0 as open-file-description locks require. For {@link #F_OFD_SETLK}: 0, or
     * errno {@code EAGAIN}/{@code EACCES} when another open file description holds a conflicting lock. For
     * {@link #F_OFD_GETLK} use {@link #ofdLockHolder}.
     */
    public static Result ofdLock(int fd, int command, short type, long start, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flock = flock(arena, type, start, length);
            return call(FCNTL_LOCK, fd, command, flock);
        }
    }

    /**
     * {@code F_OFD_GETLK}: whether another open file description holds a lock that conflicts with an
     * exclusive lock on {@code [start, start + length)}. Returns the {@code l_type} the kernel answers
     * ({@link #F_UNLCK} when nobody does) as the value, or a failed result with errno.
     */
    public static Result ofdLockHolder(int fd, long start, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flock = flock(arena, F_WRLCK, start, length);
            Result result = call(FCNTL_LOCK, fd, F_OFD_GETLK, flock);
            return result.failed() ? result : new Result(flock.get(ValueLayout.JAVA_SHORT, L_TYPE), 0);
        }
    }

    private static MemorySegment flock(Arena arena, short type, long start, long length) {
        MemorySegment flock = arena.allocate(FLOCK); // zero-filled: l_pid = 0, as F_OFD_* require
        flock.set(ValueLayout.JAVA_SHORT, L_TYPE, type);
        flock.set(ValueLayout.JAVA_SHORT, L_WHENCE, SEEK_SET);
        flock.set(ValueLayout.JAVA_LONG, L_START, start);
        flock.set(ValueLayout.JAVA_LONG, L_LEN, length);
        return flock;
    }

    /** The effective user id, {@code geteuid()} (it cannot fail). */
    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("geteuid failed", t);
        }
    }

    public static Result close(int fd) {
        return call(CLOSE, fd);
    }

    /**
     * {@code mbind(address, length, MPOL_BIND, {node}, maxnode, 0)} through {@code syscall}, so that
     * libnuma is not needed.
     */
    public static Result mbind(long address, long length, int node) {
        int words = node / Long.SIZE + 1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(ValueLayout.JAVA_LONG, words);
            mask.setAtIndex(ValueLayout.JAVA_LONG, node / Long.SIZE, 1L << (node % Long.SIZE));
            // The kernel reads maxnode - 1 bits (a historical off-by-one that libnuma also compensates for).
            long maxNode = (long) words * Long.SIZE + 1;
            return call(SYSCALL6, SYS_MBIND, address, length, (long) MPOL_BIND, mask.address(), maxNode, 0L);
        }
    }

    /** The C library's text for {@code errno}. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw new AssertionError("strerror failed", t);
        }
    }

    private static long sysconf(int name) {
        try {
            return (long) SYSCONF.invokeExact(name);
        } catch (Throwable t) {
            throw new AssertionError("sysconf failed", t);
        }
    }

    private static long mbindSyscallNumber() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 237;
            case "aarch64" -> 235;
            default -> -1;
        };
    }

    /** Whether {@code mbind} is known on this architecture. */
    public static boolean mbindSupported() {
        return SYS_MBIND >= 0;
    }

    private static MemorySegment find(String symbol) {
        return LIBC.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError(
                "libc has no symbol " + symbol + ": arenagen needs Linux with glibc 2.34 or newer"));
    }

    private static MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(symbol), descriptor, CAPTURE_ERRNO);
    }

    private static Result call(MethodHandle handle, Object... arguments) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            Object[] withState = new Object[arguments.length + 1];
            withState[0] = state;
            System.arraycopy(arguments, 0, withState, 1, arguments.length);
            Object returned = handle.invokeWithArguments(withState);
            long value = returned instanceof Integer i ? i.longValue() : (Long) returned;
            int errno = value == -1L ? (int) ERRNO.get(state, 0L) : 0;
            return new Result(value, errno);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + handle, t);
        }
    }
}

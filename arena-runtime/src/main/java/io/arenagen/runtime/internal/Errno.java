package io.arenagen.runtime.internal;

import java.util.Map;

/** Names and texts of Linux errno values, for error messages. */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ESRCH = 3;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOSPC = 28;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(5, "EIO"), Map.entry(9, "EBADF"), Map.entry(EAGAIN, "EAGAIN"),
            Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"), Map.entry(14, "EFAULT"),
            Map.entry(16, "EBUSY"), Map.entry(EEXIST, "EEXIST"), Map.entry(19, "ENODEV"),
            Map.entry(EINVAL, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(EMFILE, "EMFILE"),
            Map.entry(27, "EFBIG"), Map.entry(ENOSPC, "ENOSPC"), Map.entry(ENAMETOOLONG, "ENAMETOOLONG"),
            Map.entry(ENOSYS, "ENOSYS"), Map.entry(75, "EOVERFLOW"), Map.entry(95, "EOPNOTSUPP"));

    private Errno() {
    }

    /** {@code "ENOMEM"}, or {@code "errno 123"} for a value without a known name. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** {@code "ENOMEM (Cannot allocate memory)"}: name and the C library's text. */
    public static String describe(int errno) {
        return name(errno) + " (" + Libc.strerror(errno) + ")";
    }
}

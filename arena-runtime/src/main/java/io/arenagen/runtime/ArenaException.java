package io.arenagen.runtime;

/**
 * A native call of the arena failed ({@code mmap}, {@code shm_open}, {@code mlock}, {@code mbind},
 * ...) or a shared object cannot be used (foreign bytes, another configuration, an initializer that
 * never finished). The message names the call or the object, the errno with its name and text where
 * there is one, and what to do about it.
 */
public final class ArenaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@link #errno()} of a failure that did not come from a native call. */
    public static final int NO_ERRNO = 0;

    /** @serial the errno, or {@link #NO_ERRNO} */
    private final int errno;

    /**
     * @param message the full message: what failed, why, and the remedy
     * @param errno the errno of the failed call, or {@link #NO_ERRNO}
     */
    public ArenaException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** An arena failure that did not come from a native call. */
    public ArenaException(String message) {
        this(message, NO_ERRNO);
    }

    /** The errno of the failed native call, or {@link #NO_ERRNO}. */
    public int errno() {
        return errno;
    }
}

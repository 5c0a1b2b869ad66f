package io.arenagen.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How a shared-memory arena creates and waits for its object. Immutable; start from
 * {@link #defaults()}.
 *
 * <pre>{@code
 * ShmOptions options = ShmOptions.defaults().withPermissions(0660).withInitTimeout(Duration.ofSeconds(1));
 * }</pre>
 */
public final class ShmOptions {

    /** Owner read and write: the default permission bits of a created object. */
    public static final int OWNER_ONLY = 0600;

    /** System property that overrides the default {@link #initTimeout()}, in milliseconds. */
    public static final String INIT_TIMEOUT_PROPERTY = "arenagen.initTimeoutMillis";

    private static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(5);

    private final int permissions;
    private final Duration initTimeout;

    private ShmOptions(int permissions, Duration initTimeout) {
        this.permissions = permissions;
        this.initTimeout = initTimeout;
    }

    /** Permissions {@code 0600}; init timeout 5 s, or the value of {@value #INIT_TIMEOUT_PROPERTY}. */
    public static ShmOptions defaults() {
        return new ShmOptions(OWNER_ONLY, Duration.ofMillis(Long.getLong(INIT_TIMEOUT_PROPERTY,
                DEFAULT_INIT_TIMEOUT.toMillis())));
    }

    /**
     * The same options with permission bits {@code mode} for a created object, for example
     * {@code 0660} to let the owner's group in. Applied exactly (the umask does not narrow them).
     *
     * @throws IllegalArgumentException if {@code mode} has bits outside {@code 0777} or lacks owner
     *     read and write
     */
    public ShmOptions withPermissions(int mode) {
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("permissions 0" + Integer.toOctalString(mode)
                    + " have bits outside 0777; use plain rwx bits such as 0600 or 0660");
        }
        if ((mode & OWNER_ONLY) != OWNER_ONLY) {
            throw new IllegalArgumentException("permissions 0" + Integer.toOctalString(mode)
                    + " deny the owner read or write, and the creator must write the pools; include 0600");
        }
        return new ShmOptions(mode, initTimeout);
    }

    /**
     * The same options with a bound on waiting for another process to finish initializing a pool or
     * sizing the object.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public ShmOptions withInitTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("initTimeout " + timeout + " is negative; use zero or more");
        }
        return new ShmOptions(permissions, timeout);
    }

    /** Permission bits of a created object. */
    public int permissions() {
        return permissions;
    }

    /** Bound on waiting for another process's initialization. */
    public Duration initTimeout() {
        return initTimeout;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShmOptions that && permissions == that.permissions
                && initTimeout.equals(that.initTimeout);
    }

    @Override
    public int hashCode() {
        return 31 * permissions + initTimeout.hashCode();
    }

    @Override
    public String toString() {
        return "ShmOptions[permissions=0" + Integer.toOctalString(permissions) + ", initTimeout=" + initTimeout + "]";
    }
}

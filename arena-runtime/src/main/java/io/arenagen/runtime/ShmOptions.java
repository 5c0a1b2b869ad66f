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

    /** The longest wait {@link #initTimeout()} holds: {@code Long.MAX_VALUE} ns, about 292 years. */
    public static final Duration MAX_INIT_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

    private final int permissions;
    private final Duration initTimeout;
    private final boolean sharingAcrossUsers;
    private final boolean reclamation;

    private ShmOptions(int permissions, Duration initTimeout, boolean sharingAcrossUsers, boolean reclamation) {
        this.permissions = permissions;
        this.initTimeout = initTimeout;
        this.sharingAcrossUsers = sharingAcrossUsers;
        this.reclamation = reclamation;
    }

    /**
     * Permissions {@code 0600}; init timeout 5 s, or the value of {@value #INIT_TIMEOUT_PROPERTY};
     * objects of other owners or with wider permissions refused.
     *
     * @throws IllegalArgumentException if {@value #INIT_TIMEOUT_PROPERTY} is set but is not a whole
     *     number of milliseconds, zero or more
     */
    public static ShmOptions defaults() {
        return new ShmOptions(OWNER_ONLY, timeoutFromProperty(), false, false);
    }

    private static Duration timeoutFromProperty() {
        String value = System.getProperty(INIT_TIMEOUT_PROPERTY);
        if (value == null) {
            return DEFAULT_INIT_TIMEOUT;
        }
        long millis;
        try {
            millis = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + INIT_TIMEOUT_PROPERTY + "=" + value + " is not a whole number "
                    + "of milliseconds; set it to 0 or more, for example -D" + INIT_TIMEOUT_PROPERTY + "=5000", e);
        }
        if (millis < 0) {
            throw new IllegalArgumentException("-D" + INIT_TIMEOUT_PROPERTY + "=" + value + " is negative; set it "
                    + "to 0 or more milliseconds, for example -D" + INIT_TIMEOUT_PROPERTY + "=5000");
        }
        return Duration.ofMillis(millis);
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
        return new ShmOptions(mode, initTimeout, sharingAcrossUsers, reclamation);
    }

    /**
     * The same options with a bound on waiting for another process to finish initializing a pool or
     * sizing the object. A timeout longer than {@link #MAX_INIT_TIMEOUT} (about 292 years, the most
     * nanoseconds a {@code long} holds) is saturated to it: in practice, wait forever.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public ShmOptions withInitTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("initTimeout " + timeout + " is negative; use zero or more");
        }
        return new ShmOptions(permissions, timeout.compareTo(MAX_INIT_TIMEOUT) > 0 ? MAX_INIT_TIMEOUT : timeout,
                sharingAcrossUsers, reclamation);
    }

    /**
     * The same options, but attaching also to an existing object that another user owns or whose
     * permission bits are wider than {@link #permissions()}. By default such an object is refused:
     * anyone who could create it under the arena's name (a name squatter) could read and corrupt every
     * chunk. Use this only where processes of several users share an arena on purpose; then the
     * object's owner and permissions are whatever its creator chose.
     */
    public ShmOptions withSharingAcrossUsers() {
        return new ShmOptions(permissions, initTimeout, true, reclamation);
    }

    /**
     * The same options with ownership and reclamation on (see {@code docs/reclamation.md}): the arena
     * keeps a companion object {@code <name>.owners} beside it (created with the same permissions, checked
     * like the arena), records in it which handle holds each chunk, and gives back the chunks of
     * processes that died (at attach, on {@link SlabAllocator#reclaim()}, and from
     * {@code arena-inspect --reclaim}). The arena's own bytes do not change: C++ processes share it as
     * before, and their chunks are never reclaimed. Every allocation and free costs one more plain store.
     * The arena's name must leave room for the suffix {@code .owners} (at most 248 bytes).
     *
     * <p>The contract that comes with it: a chunk that another process (or another handle) is to use goes
     * through {@link SlabAllocator#release(long)} by the sender and {@link SlabAllocator#adopt(long)} by the
     * receiver; one handed off without saying so is reclaimed when its sender dies, while still in use.
     */
    public ShmOptions withReclamation() {
        return new ShmOptions(permissions, initTimeout, sharingAcrossUsers, true);
    }

    /** Whether ownership and reclamation are on, see {@link #withReclamation()}. */
    public boolean reclamation() {
        return reclamation;
    }

    /** Whether objects of other owners or with wider permissions are attached to, see {@link #withSharingAcrossUsers()}. */
    public boolean sharingAcrossUsers() {
        return sharingAcrossUsers;
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
                && initTimeout.equals(that.initTimeout) && sharingAcrossUsers == that.sharingAcrossUsers
                && reclamation == that.reclamation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(permissions, initTimeout, sharingAcrossUsers, reclamation);
    }

    @Override
    public String toString() {
        return "ShmOptions[permissions=0" + Integer.toOctalString(permissions) + ", initTimeout=" + initTimeout
                + (sharingAcrossUsers ? ", sharingAcrossUsers" : "") + (reclamation ? ", reclamation" : "") + "]";
    }
}

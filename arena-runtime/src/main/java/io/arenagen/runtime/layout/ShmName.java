package io.arenagen.runtime.layout;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rules for POSIX shared-memory names, shared by the run-time arenas and the annotation processor
 * ({@code @Arena(name = ...)}), like {@link ArenaRules}: a leading {@code /}, no other {@code /}, no NUL, not
 * just {@code /}, not {@code /.} or {@code /..} (directories, not objects), at most
 * {@value #MAX_BYTES} bytes in UTF-8 (the {@code NAME_MAX} of the file in {@code /dev/shm} plus the
 * leading slash).
 */
public final class ShmName {

    /** Longest name in UTF-8 bytes, the leading {@code /} included. */
    public static final int MAX_BYTES = 255;

    /**
     * What the companion object of an arena with reclamation adds to the arena's name:
     * {@code <name>.owners} (see {@code docs/reclamation.md}).
     */
    public static final String COMPANION_SUFFIX = ".owners";

    /** Longest name of an arena with reclamation, in UTF-8 bytes: room is left for {@link #COMPANION_SUFFIX}. */
    public static final int MAX_BYTES_WITH_COMPANION = MAX_BYTES - COMPANION_SUFFIX.length();

    private ShmName() {
    }

    /**
     * Returns {@code name} if it is a valid shared-memory name.
     *
     * @throws IllegalArgumentException naming the rule that {@code name} breaks and the fix
     */
    public static String requireValid(String name) {
        Optional<String> violation = violation(name);
        if (violation.isPresent()) {
            throw new IllegalArgumentException(violation.get());
        }
        return name;
    }

    /**
     * The rule that {@code name} breaks, as a message naming it and the fix, or empty if {@code name} is
     * valid. The one place the rules are written: {@link #requireValid} throws this message at run
     * time, and the annotation processor reports it on {@code @Arena(name = ...)} at compile time.
     */
    public static Optional<String> violation(String name) {
        if (name == null) {
            return Optional.of("shared-memory name is null; use a name such as \"/feed\"");
        }
        String shown = "shared-memory name \"" + name.replace("\0", "\\0") + "\"";
        if (!name.startsWith("/")) {
            return Optional.of(shown + " does not start with '/'; use \"/" + name.replace("/", "")
                    .replace("\0", "") + "\"");
        }
        if (name.length() == 1) {
            return Optional.of(shown + " has nothing after the '/'; use a name such as \"/feed\"");
        }
        if (name.equals("/.") || name.equals("/..")) {
            // shm_open refuses them (EINVAL) and shm_unlink would target /dev/shm itself or its parent.
            return Optional.of(shown + " names a directory (/dev/shm or its parent), not an object; "
                    + "use a name such as \"/feed\"");
        }
        if (name.indexOf('/', 1) >= 0) {
            return Optional.of(shown + " contains a '/' after the leading one; "
                    + "use a single path component such as \"/feed\"");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of(shown + " contains a NUL character; remove it");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of(shown.substring(0, Math.min(shown.length(), 40)) + "...\" is " + bytes
                    + " bytes long in UTF-8; at most " + MAX_BYTES + " are allowed, shorten it");
        }
        return Optional.empty();
    }

    /**
     * The rule that the valid name {@code name} of an arena with reclamation breaks, or empty: its
     * companion {@code <name>.owners} must be a valid name too, so {@code name} may be at most
     * {@link #MAX_BYTES_WITH_COMPANION} (248) bytes long in UTF-8. The one place this rule is written: the run-time
     * arenas throw this message when they open with reclamation, and the annotation processor reports it on
     * {@code @Arena(name = ...)} of an arena with {@code reclamation = true}. Check {@link #violation} first.
     */
    public static Optional<String> companionViolation(String name) {
        String companion = name + COMPANION_SUFFIX;
        if (violation(companion).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("shared-memory name \"" + name + "\" is too long for reclamation: its companion object "
                + companion + " would be " + companion.getBytes(StandardCharsets.UTF_8).length + " bytes, and at most "
                + MAX_BYTES + " are allowed; shorten the arena's name to at most " + MAX_BYTES_WITH_COMPANION
                + " bytes in UTF-8");
    }
}

package io.arenagen.runtime.memory;

import java.nio.charset.StandardCharsets;

/**
 * The rules for POSIX shared-memory names: a leading {@code /}, no other {@code /}, no NUL, not
 * just {@code /}, not {@code /.} or {@code /..} (directories, not objects), at most
 * {@value #MAX_BYTES} bytes in UTF-8 (the {@code NAME_MAX} of the file in {@code /dev/shm} plus the
 * leading slash).
 */
public final class ShmName {

    /** Longest name in UTF-8 bytes, the leading {@code /} included. */
    public static final int MAX_BYTES = 255;

    private ShmName() {
    }

    /**
     * Returns {@code name} if it is a valid shared-memory name.
     *
     * @throws IllegalArgumentException naming the rule that {@code name} breaks and the fix
     */
    public static String requireValid(String name) {
        if (name == null) {
            throw new IllegalArgumentException("shared-memory name is null; use a name such as \"/feed\"");
        }
        String shown = "shared-memory name \"" + name.replace("\0", "\\0") + "\"";
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException(shown + " does not start with '/'; use \"/" + name.replace("/", "")
                    .replace("\0", "") + "\"");
        }
        if (name.length() == 1) {
            throw new IllegalArgumentException(shown + " has nothing after the '/'; use a name such as \"/feed\"");
        }
        if (name.equals("/.") || name.equals("/..")) {
            // shm_open refuses them (EINVAL) and shm_unlink would target /dev/shm itself or its parent.
            throw new IllegalArgumentException(shown + " names a directory (/dev/shm or its parent), not an object; "
                    + "use a name such as \"/feed\"");
        }
        if (name.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException(shown + " contains a '/' after the leading one; "
                    + "use a single path component such as \"/feed\"");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(shown + " contains a NUL character; remove it");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(shown.substring(0, Math.min(shown.length(), 40)) + "...\" is " + bytes
                    + " bytes long in UTF-8; at most " + MAX_BYTES + " are allowed, shorten it");
        }
        return name;
    }
}

package io.arenagen.runtime;

import io.arenagen.runtime.memory.SharedObject;

/** Named POSIX shared-memory objects behind {@code Backend.SHM} arenas. */
public final class SharedMemory {

    private SharedMemory() {
    }

    /**
     * Removes the shared object {@code name}. Processes that have it mapped keep using it; the next
     * open creates a new one. A name that does not exist is not an error.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name (a leading {@code /}, no
     *     other {@code /}, no NUL, not {@code /.} or {@code /..}, at most 255 bytes)
     * @throws ArenaException if the object exists and cannot be removed
     */
    public static void unlink(String name) {
        SharedObject.unlink(name);
    }
}

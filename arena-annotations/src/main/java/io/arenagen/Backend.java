package io.arenagen;

/** Where the pools of an {@link Arena} live. */
public enum Backend {
    /**
     * Private anonymous memory of this process: {@code mmap(MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE)},
     * huge pages tried first. The generated class has a no-argument constructor.
     */
    LOCAL,
    /**
     * A named POSIX shared-memory object ({@code shm_open}, mapped {@code MAP_SHARED}) that several
     * processes, Java or C++, use at once. The generated class has a constructor taking the object's
     * name, for example {@code "/feed"}, and, when {@link Arena#name()} fixes the name, a no-argument
     * constructor that opens it (the one a dependency-injection container calls).
     */
    SHM
}

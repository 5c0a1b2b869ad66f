package io.arenagen.benchmarks.latency;

import io.arenagen.runtime.SharedMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a round trip travels over, with the names of its shared objects. The measuring process creates
 * them ({@link #open} with {@code creator}), the echo process attaches with the same names, and the
 * measuring process removes them ({@link #remove}) when it is done or fails.
 */
enum Transport {

    /** A shared {@link PingArena} and two SPSC {@link PingRing}s: three POSIX shared-memory objects. */
    ARENAGEN("arenagen: SHM arena + @Ring SPSC") {
        @Override
        List<String> names(String base) {
            return List.of(base + "-arena", base + "-ab", base + "-ba");
        }

        @Override
        Exchange open(List<String> names, boolean creator) {
            return creator ? new ArenaExchange(names.get(0), names.get(1), names.get(2))
                    : new ArenaExchange(names.get(0), names.get(2), names.get(1));
        }

        @Override
        void remove(List<String> names) {
            names.forEach(SharedMemory::unlink);
        }
    },

    /**
     * Two SPSC {@link PingQueue}s whose slots are the messages, written and read in place: two POSIX
     * shared-memory objects, no arena.
     */
    STRUCTS("arenagen: @Ring SPSC of @Struct, in place") {
        @Override
        List<String> names(String base) {
            return List.of(base + "-qab", base + "-qba");
        }

        @Override
        Exchange open(List<String> names, boolean creator) {
            return creator ? new StructExchange(names.get(0), names.get(1))
                    : new StructExchange(names.get(1), names.get(0));
        }

        @Override
        void remove(List<String> names) {
            names.forEach(SharedMemory::unlink);
        }
    },

    /** Two Agrona {@code OneToOneRingBuffer}s in one file under {@code /dev/shm}. */
    AGRONA("Agrona OneToOneRingBuffer, shared file") {
        @Override
        List<String> names(String base) {
            Path shm = Path.of("/dev/shm");
            Path directory = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            return List.of(directory.resolve(base.substring(1) + "-agrona").toString());
        }

        @Override
        Exchange open(List<String> names, boolean creator) {
            return new AgronaExchange(Path.of(names.get(0)).toFile(), creator);
        }

        @Override
        void remove(List<String> names) {
            try {
                Files.deleteIfExists(Path.of(names.get(0)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + names.get(0) + "; remove it by hand", e);
            }
        }
    };

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** How the report names it. */
    String label() {
        return label;
    }

    /** The shared objects of one run, from a unique base name such as {@code /ag-bench-4711-0}. */
    abstract List<String> names(String base);

    /** This process's end: the creator sends on the first direction, the other process on the second. */
    abstract Exchange open(List<String> names, boolean creator);

    /** Removes the shared objects; those that do not exist are no error. */
    abstract void remove(List<String> names);

    /** The transport called {@code name} (case-insensitive). */
    static Transport named(String name) {
        for (Transport transport : values()) {
            if (transport.name().equalsIgnoreCase(name)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("transport " + name
                + " is unknown; use arenagen, structs, agrona, all or a comma-separated list");
    }

    /** The name of the command line and of the echo process's argument. */
    String argument() {
        return name().toLowerCase(Locale.ROOT);
    }
}

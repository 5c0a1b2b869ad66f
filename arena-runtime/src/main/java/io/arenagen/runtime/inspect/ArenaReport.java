package io.arenagen.runtime.inspect;

import io.arenagen.runtime.layout.ArenaLayout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link io.arenagen.runtime.SharedMemory#inspect} found in one shared object. Immutable.
 *
 * @param name the object's name
 * @param takenAt when the object was read
 * @param objectSize the object's size in bytes
 * @param ownerUid the object's owner
 * @param mode the object's permission bits
 * @param layout the configuration the object was read with
 * @param fromDescriptor whether that configuration came from the object's layout descriptors (arenagen
 *     writes them) rather than from the caller (needed for C++-created objects, which have none)
 * @param pools every pool, in order
 * @param problems everything found wrong or worth a look, errors first
 * @param owners the reclamation companion {@code <name>.owners}, if the object has one and it could be read
 */
public record ArenaReport(String name, Instant takenAt, long objectSize, int ownerUid, int mode, ArenaLayout layout,
                          boolean fromDescriptor, List<PoolReport> pools, List<Problem> problems,
                          Optional<OwnersReport> owners)
        implements ObjectReport {

    public ArenaReport {
        pools = List.copyOf(pools);
        problems = List.copyOf(problems);
        Objects.requireNonNull(owners, "owners");
    }

    /** A report of an arena without reclamation companion. */
    public ArenaReport(String name, Instant takenAt, long objectSize, int ownerUid, int mode, ArenaLayout layout,
                       boolean fromDescriptor, List<PoolReport> pools, List<Problem> problems) {
        this(name, takenAt, objectSize, ownerUid, mode, layout, fromDescriptor, pools, problems, Optional.empty());
    }

    /** Whether any problem is an {@link Problem.Severity#ERROR}: the arena is damaged or cannot be used. */
    @Override
    public boolean hasErrors() {
        return ObjectReport.super.hasErrors();
    }
}

package io.arenagen.runtime.inspect;

import java.time.Instant;
import java.util.List;

/**
 * What {@link io.arenagen.runtime.SharedMemory#inspectObject} found in one shared object: an arena
 * ({@link ArenaReport}) or a queue ({@link QueueReport}), told apart by the object's descriptor.
 */
public sealed interface ObjectReport permits ArenaReport, QueueReport {

    /** The object's name. */
    String name();

    /** When the object was read. */
    Instant takenAt();

    /** Everything found wrong or worth a look, errors first. */
    List<Problem> problems();

    /** Whether any problem is an {@link Problem.Severity#ERROR}: the object is damaged or cannot be used. */
    default boolean hasErrors() {
        return problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }
}

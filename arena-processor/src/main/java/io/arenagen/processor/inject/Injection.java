package io.arenagen.processor.inject;

import io.arenagen.processor.arena.ArenaModel;

import java.util.Objects;
import java.util.Optional;

/**
 * The injection part of an {@link ArenaModel}, valid and resolved: the container whose annotations
 * the generated class carries, the shared-memory name its no-argument constructor opens, and which
 * binding modules to generate beside it.
 *
 * @param container the resolved component model ({@link Container#NONE} for a plain class)
 * @param shmName the object a no-argument constructor of an SHM arena opens, if {@code name} was given
 * @param daggerModule whether to generate {@code <Interface>DaggerModule} (JSR-330 model, Dagger on the class path)
 * @param guiceModule whether to generate {@code <Interface>GuiceModule} (JSR-330 model, Guice on the class path)
 */
public record Injection(Container container, Optional<String> shmName, boolean daggerModule, boolean guiceModule) {

    /** A plain class: no container, no name, no modules (the generated source of before injection existed). */
    public static final Injection NONE = new Injection(Container.NONE, Optional.empty(), false, false);

    /** Checks the components. */
    public Injection {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(shmName, "shmName");
    }
}

package io.arenagen;

/**
 * Which dependency-injection container the generated arena class is made a bean of, as MapStruct's
 * {@code componentModel} does for mappers: the processor puts the container's annotations on the
 * generated class, so that the container constructs it, injects it wherever the arena's interface is
 * asked for, and closes it when the container shuts down.
 *
 * <p>An enum rather than MapStruct's {@code String} constants: a misspelled model is a compile error
 * of {@code javac} itself, IDEs complete the values, and the set of models is closed anyway (each one
 * needs code in the processor). The processor option {@code -Aarenagen.defaultComponentModel=<model>}
 * (the lower-case name of a constant) takes the place of {@link #DEFAULT} for a whole build.
 *
 * <p>Every model but {@link #DEFAULT} and {@link #NONE} needs the container's annotations on the
 * compile class path; without them the build fails with an error on the arena naming the dependency
 * to add. A {@link Backend#SHM} arena that a container constructs needs {@link Arena#name()}, because
 * a container calls the no-argument constructor that {@code name} generates.
 */
public enum ComponentModel {
    /**
     * The build's default: the model named by the processor option
     * {@code arenagen.defaultComponentModel}, or {@link #NONE} without that option.
     */
    DEFAULT,
    /** No container annotations: a plain class that the caller constructs and closes. */
    NONE,
    /**
     * Jakarta Dependency Injection ({@code jakarta.inject}, Dagger 2, Guice 7, Spring): {@code @Singleton}
     * and {@code @Named} on the class, {@code @Inject} on its constructor. For Dagger and Guice, whose
     * annotations are on the class path, the processor also generates a module binding the interface to
     * the class ({@code <Interface>DaggerModule}, {@code <Interface>GuiceModule}). Neither container has
     * a shutdown: the code that closes the Dagger component or drops the Guice injector closes the arena.
     */
    JAKARTA,
    /** The same as {@link #JAKARTA} with the older {@code javax.inject} annotations (JSR-330; Dagger 2, Guice 6). */
    JSR330,
    /**
     * Spring: {@code @Component} on the class. Spring closes a singleton bean that implements
     * {@link AutoCloseable} when its context is closed.
     */
    SPRING,
    /**
     * CDI ({@code jakarta.enterprise}, Weld, OpenWebBeans): {@code @jakarta.inject.Singleton} on the class,
     * {@code @Inject} on its constructor and {@code @PreDestroy} on a method that closes the arena. The
     * generated class is final, and CDI's normal scopes ({@code @ApplicationScoped}) need a proxyable,
     * non-final class — a proxy would also add an indirection to every allocation. {@code @Singleton} is
     * CDI's pseudo-scope without a proxy: one instance per container, destroyed at shutdown. It is not a
     * bean-defining annotation, so a bean archive in {@code annotated} discovery mode must list the class
     * (Weld SE: {@code addBeanClass}; or {@code bean-discovery-mode="all"}).
     */
    CDI
}

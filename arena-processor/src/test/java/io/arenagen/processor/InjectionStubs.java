package io.arenagen.processor;

import javax.tools.JavaFileObject;

/**
 * Source stand-ins for the containers' annotation types, so that the processor's unit tests control
 * exactly what is on the compile class path (the real containers run in module {@code injection-tests}).
 * The processor only asks whether these names resolve and refers to them by name.
 */
final class InjectionStubs {

    private InjectionStubs() {
    }

    private static JavaFileObject annotation(String pkg, String name, String body) {
        return ArenaCompilation.source(pkg + "." + name, "package " + pkg + ";",
                "public @interface " + name + " {" + body + "}");
    }

    static JavaFileObject[] jakarta() {
        return new JavaFileObject[] {annotation("jakarta.inject", "Singleton", ""),
            annotation("jakarta.inject", "Named", " String value() default \"\"; "),
            annotation("jakarta.inject", "Inject", "")};
    }

    static JavaFileObject[] javax() {
        return new JavaFileObject[] {annotation("javax.inject", "Singleton", ""),
            annotation("javax.inject", "Named", " String value() default \"\"; "),
            annotation("javax.inject", "Inject", "")};
    }

    static JavaFileObject[] spring() {
        return new JavaFileObject[] {annotation("org.springframework.stereotype", "Component",
                " String value() default \"\"; ")};
    }

    static JavaFileObject[] cdi() {
        return concat(jakarta(), new JavaFileObject[] {annotation("jakarta.annotation", "PreDestroy", "")});
    }

    static JavaFileObject[] dagger() {
        return new JavaFileObject[] {annotation("dagger", "Module", ""), annotation("dagger", "Binds", "")};
    }

    static JavaFileObject[] guice() {
        return new JavaFileObject[] {ArenaCompilation.source("com.google.inject.AbstractModule",
                "package com.google.inject;",
                "public abstract class AbstractModule {",
                "    protected abstract void configure();",
                "    protected <T> Binder<T> bind(Class<T> type) { return new Binder<>(); }",
                "    public static final class Binder<T> {",
                "        public void to(Class<? extends T> impl) { }",
                "        public void in(Class<? extends java.lang.annotation.Annotation> scope) { }",
                "    }",
                "}"), annotation("com.google.inject", "Singleton", "")};
    }

    static JavaFileObject[] concat(JavaFileObject[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(JavaFileObject[]::new);
    }
}

/**
 * The annotation processor for {@code @io.arenagen.Arena}: validates each arena's configuration at
 * compile time, with the same rules as the run-time arenas, and generates its specialized class.
 */
@SuppressWarnings("requires-automatic")
module io.arenagen.processor {
    requires java.compiler;
    requires io.arenagen;
    requires io.arenagen.runtime;
    requires com.palantir.javapoet;
    requires static com.google.auto.service;

    provides javax.annotation.processing.Processor with io.arenagen.processor.ArenaProcessor,
            io.arenagen.processor.GeneratedCodeProcessor;
}

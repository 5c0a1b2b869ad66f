package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources with {@link ArenaProcessor} the way a user's build would: javac in process,
 * {@code -Xlint:all -Werror}, with {@code arena-annotations} and {@code arena-runtime} on the class path.
 */
final class ArenaCompilation {

    private ArenaCompilation() {
    }

    /** The class path entries (directory or jar) that hold {@code type}. */
    static File locationOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The annotations and the runtime, and nothing else. */
    static List<File> classpath() {
        return List.of(locationOf(Arena.class), locationOf(SlabAllocator.class));
    }

    /**
     * What the processor jar registers, in its order: {@code arena} and the {@link GeneratedCodeProcessor} that
     * claims the annotations of generated code (without it, {@code -Xlint:all -Werror} fails on them).
     */
    static List<Processor> processors(Processor arena) {
        return List.of(arena, new GeneratedCodeProcessor());
    }

    /** {@link #processors(Processor)} with a plain {@link ArenaProcessor}. */
    static List<Processor> processors() {
        return processors(new ArenaProcessor());
    }

    /** Compiles {@code sources} with the processor, all lint warnings as errors. */
    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac()
                .withProcessors(processors())
                .withOptions("-Xlint:all", "-Werror")
                .withClasspath(classpath())
                .compile(sources);
    }

    /**
     * Compiles {@code sources}, asserts that the compilation failed and that the processor asked the
     * filer for no file at all, and returns the compilation for its diagnostics.
     */
    static Compilation compileFailing(JavaFileObject... sources) {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac()
                .withProcessors(processors(processor))
                .withOptions("-Xlint:all", "-Werror")
                .withClasspath(classpath())
                .compile(sources);
        assertThat(compilation).failed();
        if (!processor.created().isEmpty()) {
            throw new AssertionError("a failing configuration generated " + processor.created());
        }
        return compilation;
    }

    /** A source file {@code qualifiedName} made of {@code lines}: line {@code n} of the file is {@code lines[n - 1]}. */
    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    /** Compiles {@code sources}, asserts success without warnings, and loads the result. */
    static GeneratedClasses compileAndLoad(JavaFileObject... sources) {
        Compilation compilation = compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
        return GeneratedClasses.of(compilation);
    }

    /** The text of the generated source file {@code qualifiedName}. */
    static String generatedSource(Compilation compilation, String qualifiedName) {
        JavaFileObject file = compilation.generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError(qualifiedName + " was not generated; generated: "
                        + compilation.generatedSourceFiles()));
        try (InputStream in = file.openInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

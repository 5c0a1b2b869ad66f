package io.arenagen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arenagen.Arena;
import io.arenagen.runtime.SlabAllocator;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's named module, compiled with {@code arena-annotations} and {@code arena-runtime} on the
 * module path: the generated class must compile there without warnings, and carries
 * {@code @javax.annotation.processing.Generated} only if the module reads {@code java.compiler}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class NamedModuleTest {

    private static final String ARENA_SOURCE = String.join("\n",
            "package user.app;",
            "import io.arenagen.Arena;",
            "import io.arenagen.Backend;",
            "import io.arenagen.runtime.SlabAllocator;",
            "@Arena(count = 16, sizes = {64, 256}, backend = Backend.SHM, checked = true)",
            "public interface FeedArena extends SlabAllocator {}",
            "");

    @TempDir
    Path dir;

    @Test
    void moduleThatReadsOnlyTheRuntimeGetsNoGeneratedAnnotation() throws IOException {
        String generated = compileModule("module user.app { requires io.arenagen.runtime; requires static io.arenagen; }");
        assertFalse(generated.contains("@Generated"), generated);
        assertFalse(generated.contains("javax.annotation.processing"), generated);
        assertTrue(generated.contains("public final class FeedArenaImpl extends AbstractSlabArena implements FeedArena"));
    }

    @Test
    void moduleThatReadsJavaCompilerGetsTheGeneratedAnnotation() throws IOException {
        String generated = compileModule("module user.app { requires io.arenagen.runtime; requires static io.arenagen; "
                + "requires static java.compiler; }");
        assertTrue(generated.contains("@Generated(\"io.arenagen.processor.ArenaProcessor\")"), generated);
    }

    /**
     * Being in the module graph is not enough: with {@code java.compiler} added to the graph but not read by the
     * user's module, {@code @Generated} would not compile there, so it is left out.
     */
    @Test
    void javaCompilerInTheGraphButNotReadGetsNoGeneratedAnnotation() throws IOException {
        String generated = compileModule("module user.app { requires io.arenagen.runtime; requires static io.arenagen; }",
                "--add-modules", "java.compiler");
        assertFalse(generated.contains("@Generated"), generated);
    }

    /**
     * Compiles the module with {@code -Xlint:all -Werror} and {@code extraOptions}, asserts success, and
     * returns the generated source.
     */
    private String compileModule(String moduleInfo, String... extraOptions) throws IOException {
        Path sources = dir.resolve("src");
        Path out = dir.resolve("out");
        Path generated = dir.resolve("generated");
        Files.createDirectories(sources.resolve("user/app"));
        Files.createDirectories(out);
        Files.createDirectories(generated);
        Files.writeString(sources.resolve("module-info.java"), moduleInfo + "\n");
        Files.writeString(sources.resolve("user/app/FeedArena.java"), ARENA_SOURCE);
        String modulePath = ArenaCompilation.locationOf(Arena.class) + File.pathSeparator
                + ArenaCompilation.locationOf(SlabAllocator.class);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            JavaCompiler.CompilationTask task = javac.getTask(output, files, diagnostics,
                    Stream.concat(Stream.of("-Xlint:all", "-Werror", "--module-path", modulePath, "-d", out.toString(),
                            "-s", generated.toString()), Stream.of(extraOptions)).toList(),
                    null, files.getJavaFileObjects(sources.resolve("module-info.java"),
                            sources.resolve("user/app/FeedArena.java")));
            task.setProcessors(ArenaCompilation.processors());
            boolean success = task.call();
            assertTrue(success, "compilation failed: " + diagnostics.getDiagnostics() + output);
        }
        assertEquals(List.of(), diagnostics.getDiagnostics(), "no warnings");
        assertTrue(Files.exists(out.resolve("user/app/FeedArenaImpl.class")));
        return Files.readString(generated.resolve("user/app/FeedArenaImpl.java"));
    }
}

package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Struct} records from the class path, as a jar brings them: usable when that jar's build ran the
 * processor (its {@code <Record>Struct} is there), a tagged error on the class literal or component when it
 * did not, instead of "cannot find symbol" inside generated code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ClassPathStructTest {

    private static final JavaFileObject QUOTE = source("lib.Quote",
            "package lib;",
            "@io.arenagen.Struct",
            "public record Quote(long ticks, int size) {}");

    @TempDir
    Path jar;

    /** Compiles {@link #QUOTE} into {@link #jar}, with the processor or without it, and returns the class path. */
    private List<File> library(boolean withProcessor) throws IOException {
        Compiler javac = withProcessor ? Compiler.javac().withProcessors(ArenaCompilation.processors())
                : Compiler.javac().withOptions("-proc:none");
        Compilation compilation = javac.withClasspath(ArenaCompilation.classpath()).compile(QUOTE);
        assertThat(compilation).succeeded();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                Path target = jar.resolve(path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length()));
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openInputStream()) {
                    Files.copy(in, target);
                }
            }
        }
        List<File> classpath = new ArrayList<>(ArenaCompilation.classpath());
        classpath.add(jar.toFile());
        return classpath;
    }

    private static final JavaFileObject ARENA = source("p.Book",
            "package p;",
            "@io.arenagen.Arena(count = 8, sizes = {64}, holds = lib.Quote.class)",
            "public interface Book extends io.arenagen.runtime.SlabAllocator {}");

    private static final JavaFileObject LEVEL = source("p.Level",
            "package p;",
            "@io.arenagen.Struct",
            "record Level(int depth,",
            "        lib.Quote best) {}");

    private static Compilation compile(List<File> classpath, JavaFileObject source) {
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac()
                .withProcessors(ArenaCompilation.processors(processor))
                .withOptions("-Xlint:all", "-Werror")
                .withClasspath(classpath)
                .compile(source);
        return compilation;
    }

    @Test
    void aHeldStructFromAJarBuiltWithoutTheProcessorIsReportedOnItsClassLiteral() throws IOException {
        Compilation compilation = compile(library(false), ARENA);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaStructNotGenerated] holds lib.Quote, a @Struct record from a "
                + "class file, but its generated QuoteStruct is not on the class path, so the jar it comes from was "
                + "built without arena-processor; run the processor in that jar's build (add arena-processor to its "
                + "annotation processor path), or declare the record in this build").inFile(ARENA).onLine(2)
                .atColumn(62);
    }

    @Test
    void aNestedStructFromAJarBuiltWithoutTheProcessorIsReportedOnTheComponent() throws IOException {
        Compilation compilation = compile(library(false), LEVEL);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaStructNotGenerated] component best of @Struct record Level "
                + "has type Quote, a @Struct record from a class file, but its generated QuoteStruct is not on the "
                + "class path").inFile(LEVEL).onLine(4).atColumn(19);
    }

    @Test
    void structsFromAJarBuiltWithTheProcessorAreHeldAndNested() throws IOException {
        List<File> classpath = library(true);
        assertThat(compile(classpath, ARENA)).succeededWithoutWarnings();
        assertThat(compile(classpath, LEVEL)).succeededWithoutWarnings();
    }
}

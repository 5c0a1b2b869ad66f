package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.arenagen.runtime.SlabAllocator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An {@code @Arena} interface whose supertype another processor generates: in the first round the
 * supertype is an error type, so the arena waits for the round in which it resolves, is generated
 * there exactly once, and is judged (not silently dropped) if it never resolves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class LaterRoundSupertypeTest {

    private static final JavaFileObject FEED = source("p.Feed",
            "package p;",
            "import io.arenagen.Arena;",
            "@Arena(count = 4, sizes = {64})",
            "public interface Feed extends Base {}");

    /** Writes {@code p.Base extends SlabAllocator} in the first round, as a code generator would; runs first, claims nothing. */
    private static final class BaseGenerator extends AbstractProcessor {
        private boolean written;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!written) {
                written = true;
                try (Writer out = processingEnv.getFiler().createSourceFile("p.Base").openWriter()) {
                    out.write("package p;\npublic interface Base extends io.arenagen.runtime.SlabAllocator {}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void theArenaIsGeneratedOnceItsSupertypeExists() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new BaseGenerator(), new ArenaProcessor(), new GeneratedCodeProcessor())
                .withOptions("-Xlint:all", "-Werror")
                .withClasspath(ArenaCompilation.classpath())
                .compile(FEED);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("p.FeedImpl").contentsAsUtf8String()
                .contains("public final class FeedImpl extends AbstractSlabArena implements Feed");
        Class<?> impl = GeneratedClasses.of(compilation).load("p.FeedImpl");
        try (SlabAllocator arena = GeneratedArenaTest.construct(impl)) {
            assertEquals(80, arena.allocateOffset(64));
        }
    }

    @Test
    void aSupertypeThatNeverAppearsIsReportedInTheLastRound() {
        Compilation compilation = ArenaCompilation.compile(FEED);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(FEED).onLine(4);
        assertThat(compilation).hadErrorContaining("[ArenaMissingSlabAllocator] @Arena interface Feed does not extend")
                .inFile(FEED).onLine(4);
        assertThat(compilation).hadErrorCount(2);
    }
}

package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;

import io.arenagen.runtime.SlabAllocator;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the processor presents itself to compilers and build tools, and how it fails: registration
 * (service file, Gradle's isolating category), the latest source version, and errors instead of
 * crashes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ProcessorContractTest {

    private static final JavaFileObject FEED = source("p.Feed",
            "package p;",
            "import io.arenagen.Arena;",
            "import io.arenagen.runtime.SlabAllocator;",
            "@Arena(count = 4, sizes = {64})",
            "public interface Feed extends SlabAllocator {}");

    @Test
    void supportsTheLatestSourceVersion() {
        assertEquals(SourceVersion.latestSupported(), new ArenaProcessor().getSupportedSourceVersion());
    }

    @Test
    void isRegisteredAsAServiceForJavac() {
        assertTrue(ServiceLoader.load(Processor.class).stream().anyMatch(p -> p.type() == ArenaProcessor.class));
    }

    @Test
    void isRegisteredAsAnIsolatingProcessorForGradle() throws IOException {
        try (InputStream in = ArenaProcessor.class.getClassLoader()
                .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
            assertEquals("io.arenagen.processor.ArenaProcessor,isolating\n"
                    + "io.arenagen.processor.GeneratedCodeProcessor,isolating",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void generatesWithoutWarningsUnderAllLints() {
        Compilation compilation = ArenaCompilation.compile(FEED);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("p.FeedImpl").contentsAsUtf8String()
                .contains("@Generated(\"io.arenagen.processor.ArenaProcessor\")");
    }

    @Test
    void anUnexpectedExceptionBecomesAnErrorAskingForAReport() {
        Compilation compilation = Compiler.javac()
                .withProcessors(ArenaCompilation.processors(new RecordingProcessor(new IllegalStateException("boom"))))
                .withClasspath(ArenaCompilation.classpath())
                .compile(FEED);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaInternalError] arenagen internal error while processing p.Feed: "
                + "java.lang.IllegalStateException: boom; please report it with this stack trace").inFile(FEED).onLine(5);
        String message = compilation.errors().get(0).getMessage(Locale.ROOT);
        assertTrue(message.lines().anyMatch(line -> line.strip()
                .startsWith("at io.arenagen.processor.ProcessorContractTest.anUnexpectedExceptionBecomesAnError")),
                "the stack trace is part of the report: " + message);
    }

    /**
     * {@code -source 8} compiles without modules: {@code Elements.getModuleOf} answers null, and
     * {@code @Generated} is used whenever the class path (here the JDK's own) has it.
     */
    @Test
    void withoutModulesGeneratedIsAddedWhenTheClassPathHasIt() {
        Compilation compilation = Compiler.javac()
                .withProcessors(ArenaCompilation.processors())
                .withOptions("-source", "8", "-target", "8", "-Xlint:all,-options", "-Werror")
                .withClasspath(ArenaCompilation.classpath())
                .compile(FEED);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("p.FeedImpl").contentsAsUtf8String()
                .contains("@Generated(\"io.arenagen.processor.ArenaProcessor\")");
    }

    /** An {@code @Arena} from an annotations jar that predates {@code backend} and {@code checked}: a plain local arena. */
    @Test
    void anArenaAnnotationWithoutBackendOrCheckedMeansLocalAndUnchecked() {
        JavaFileObject oldArena = source("io.arenagen.Arena",
                "package io.arenagen;",
                "public @interface Arena { long count(); long[] sizes(); }");
        Class<?> impl = ArenaCompilation.compileAndLoad(oldArena, FEED).load("p.FeedImpl");
        try (SlabAllocator arena = GeneratedArenaTest.construct(impl)) {
            assertEquals(80, arena.allocateOffset(64));
            assertEquals(-1, arena.tryAllocateOffset(65));
        }
        assertTrue(Arrays.stream(impl.getDeclaredFields()).map(Field::getName).noneMatch("tracker"::equals),
                "unchecked: no chunk tracker");
    }

    @Test
    void aClashWithAnExistingTypeIsAnErrorNotACrash() {
        JavaFileObject clash = source("p.FeedImpl",
                "package p;",
                "public class FeedImpl {}");
        Compilation compilation = ArenaCompilation.compile(FEED, clash);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("[ArenaGenerationFailed] cannot write the class generated for p.Feed")
                .inFile(FEED).onLine(5);
    }
}

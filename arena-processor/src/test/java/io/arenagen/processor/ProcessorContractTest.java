package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
            assertEquals("io.arenagen.processor.ArenaProcessor,isolating",
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
                .withProcessors(new RecordingProcessor(new IllegalStateException("boom")))
                .withClasspath(ArenaCompilation.classpath())
                .compile(FEED);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaInternalError] arenagen internal error while processing p.Feed: "
                + "java.lang.IllegalStateException: boom; please report it with this stack trace").inFile(FEED).onLine(5);
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

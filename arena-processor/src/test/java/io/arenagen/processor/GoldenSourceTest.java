package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole generated source of one configuration, compared with {@code golden/FeedArenaImpl.java}:
 * names, constants, javadoc table and the unrolled dispatch are part of the contract (examples and
 * benchmarks rely on them), so any change to them must show up here as a deliberate edit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GoldenSourceTest {

    @Test
    void feedArenaMatchesTheGoldenFile() throws IOException {
        assertMatchesGolden("FeedArena", "@Arena(count = 128, sizes = {64, 256, 1024}, backend = Backend.SHM)");
    }

    /** The confined path: the heads array, one push site, and checked mode's owner check before its bookkeeping. */
    @Test
    void confinedCheckedArenaMatchesTheGoldenFile() throws IOException {
        assertMatchesGolden("ConfinedFeedArena", "@Arena(count = 128, sizes = {64, 256, 1024}, confined = true, "
                + "checked = true)");
    }

    private static void assertMatchesGolden(String name, String annotation) throws IOException {
        Compilation compilation = ArenaCompilation.compile(ArenaCompilation.source("p." + name,
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.runtime.SlabAllocator;",
                annotation,
                "public interface " + name + " extends SlabAllocator {}"));
        assertThat(compilation).succeededWithoutWarnings();
        String actual = ArenaCompilation.generatedSource(compilation, "p." + name + "Impl");
        String expected = golden("golden/" + name + "Impl.java");
        if (!expected.equals(actual)) {
            Path file = Path.of("target", "golden-actual", name + "Impl.java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            assertEquals(expected, actual, "generated source differs from the golden file; it is in " + file.toAbsolutePath());
        }
    }

    private static String golden(String resource) throws IOException {
        try (InputStream in = GoldenSourceTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is missing from src/test/resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

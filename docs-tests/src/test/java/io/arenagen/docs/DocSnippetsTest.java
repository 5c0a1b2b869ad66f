package io.arenagen.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Code shown in README.md and docs/ is code the build compiles: every {@code java} block is either one of the
 * user project's files on docs/getting-started.md (marked {@code <!-- file: ... -->}, built and run by
 * {@link UserProjectIT}), or a verbatim excerpt of a Java source file of a module's src/main/java or
 * src/test/java. A block may leave lines out with a line {@code // ...}: its parts then appear in the file in
 * that order. Lines compare without their leading and trailing blanks (indentation may differ).
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String ELISION = "// ...";

    @Test
    void everyJavaBlockIsCompiledCode() throws IOException {
        Map<Path, List<String>> sources = compiledSources();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (MarkdownBlocks.Block block : MarkdownBlocks.of(page)) {
                if (!block.language().equals("java")) {
                    continue;
                }
                checked++;
                boolean userProjectFile = page.getFileName().toString().equals("getting-started.md")
                        && block.marker().filter(marker -> marker.startsWith("file: ")).isPresent();
                if (!userProjectFile && sources.values().stream().noneMatch(file -> excerptOf(block.text(), file))) {
                    problems.add(block.where() + ": not a verbatim excerpt of any compiled source file:\n"
                            + block.text());
                }
            }
        }
        assertTrue(checked >= 10, "found only " + checked + " java blocks: is the page list right?");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void anEditedSnippetIsCaught() {
        List<String> file = List.of("class A {", "    void f() {", "        int x = 1;", "        x++;", "    }", "}");
        assertTrue(excerptOf("void f() {\n    int x = 1;\n", file));
        assertTrue(excerptOf("class A {\n// ...\nx++;\n", file));
        assertFalse(excerptOf("void f() {\n    int x = 2;\n", file), "a changed value");
        assertFalse(excerptOf("x++;\n// ...\nclass A {\n", file), "parts out of order");
        assertFalse(excerptOf("int x = 1;\n}\n", file), "a line left out without // ...");
    }

    /** Whether {@code block} is an excerpt of {@code file}: each part between {@code // ...} lines, in order. */
    static boolean excerptOf(String block, List<String> file) {
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        for (String line : block.lines().map(String::strip).toList()) {
            if (line.equals(ELISION)) {
                parts.add(part);
                part = new ArrayList<>();
            } else if (!line.isEmpty()) {
                part.add(line);
            }
        }
        parts.add(part);
        List<String> lines = file.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        int from = 0;
        for (List<String> piece : parts) {
            if (piece.isEmpty()) {
                continue;
            }
            int at = indexOf(lines, piece, from);
            if (at < 0) {
                return false;
            }
            from = at + piece.size();
        }
        return true;
    }

    private static int indexOf(List<String> lines, List<String> piece, int from) {
        for (int i = from; i + piece.size() <= lines.size(); i++) {
            if (lines.subList(i, i + piece.size()).equals(piece)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The Java files that the build compiles: src/main/java and src/test/java of every module. */
    private static Map<Path, List<String>> compiledSources() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            return modules.filter(Files::isDirectory)
                    .flatMap(module -> Stream.of(module.resolve("src/main/java"), module.resolve("src/test/java")))
                    .filter(Files::isDirectory)
                    .flatMap(DocSnippetsTest::javaFiles)
                    .collect(Collectors.toMap(path -> path, DocSnippetsTest::read));
        }
    }

    private static Stream<Path> javaFiles(Path tree) {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(path -> path.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.arenagen.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void everyLinkBetweenPagesResolves() throws IOException {
        List<Path> pages = pages();
        pages.add(ROOT.resolve("CHANGELOG.md"));
        List<String> broken = new ArrayList<>();
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        for (Path page : pages) {
            Matcher matcher = link.matcher(withoutCode(Files.readString(page)));
            while (matcher.find()) {
                String target = matcher.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page.getFileName() + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page.getFileName() + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : withoutCode(Files.readString(page)).lines().toList()) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static String withoutCode(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "");
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

package io.arenagen.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's own project, exactly as docs/getting-started.md shows it: every block marked
 * {@code <!-- file: ... -->} becomes that file of a fresh project, the page's commands build and run it with the
 * Maven that runs this build, under the machine's default JDK (17 here) with no {@code JAVA_HOME}, and the program
 * must print what the page says it prints, without a native-access warning. The reactor's artifacts come from
 * target/local-repo (invoker:install); everything else is read from ~/.m2 as a file repository, never written there.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class UserProjectIT {

    private static final String WARNING = "WARNING: A restricted method";

    private static Path page;
    private static Path project;
    private static Path settings;
    private static List<MarkdownBlocks.Block> blocks;
    private static int runs;

    @BeforeAll
    static void writeTheProjectFromThePage() throws IOException {
        page = Path.of(System.getProperty("it.docs"), "getting-started.md");
        project = Path.of(System.getProperty("it.work"));
        blocks = MarkdownBlocks.of(page);
        deleteTree(project);
        int files = 0;
        for (MarkdownBlocks.Block block : blocks) {
            Optional<String> marker = block.marker();
            if (marker.isPresent() && marker.get().startsWith("file: ")) {
                Path file = project.resolve(marker.get().substring("file: ".length()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, block.text());
                files++;
            }
        }
        assertTrue(Files.exists(project.resolve("pom.xml")), "the page has a block marked <!-- file: pom.xml -->");
        assertTrue(files >= 2, "the page has the pom and the program's files");
        settings = project.resolveSibling("it-settings.xml");
        Files.writeString(settings, settingsReadingM2AsARepository());
    }

    @Test
    void buildsAndRunsAsThePageSays() throws Exception {
        List<String> commands = marked("commands: user project").text().lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
        assertEquals(2, commands.size(), "the page's build-and-run block: " + commands);
        Run build = maven(commands.get(0));
        assertEquals(0, build.status(), build.output());
        assertTrue(build.output().contains("Tests run: 1, Failures: 0, Errors: 0"), build.output());
        assertFalse(build.output().contains(WARNING), build.output());

        String expected = marked("output: App").text().strip();
        Run exec = maven(commands.get(1));
        assertEquals(0, exec.status(), exec.output());
        assertEquals(expected, exec.output().strip(), "exec:exec prints what the page says");

        String jar = marked("command: java -jar").text().strip();
        assertTrue(jar.startsWith("java -jar "), jar);
        List<String> javaJar = new ArrayList<>(List.of(currentJava()));
        javaJar.addAll(Arrays.asList(jar.substring("java ".length()).split(" ")));
        Run fatJar = run(javaJar);
        assertEquals(0, fatJar.status(), fatJar.output());
        assertEquals(expected, fatJar.output().strip(), "java -jar prints what the page says, with no warning");

        // The check above can see the warning: without the grant the same program prints it.
        Run ungranted = run(List.of(currentJava(), "-cp", "target/classes" + File.pathSeparator + "target/lib/*",
                "com.example.App"));
        assertEquals(0, ungranted.status(), ungranted.output());
        assertTrue(ungranted.output().contains(WARNING), ungranted.output());
    }

    private static MarkdownBlocks.Block marked(String marker) {
        return blocks.stream()
                .filter(block -> block.marker().filter(marker::equals).isPresent())
                .findFirst()
                .orElseThrow(() -> new AssertionError(page + " has no block marked <!-- " + marker + " -->"));
    }

    /** One of the page's {@code mvn ...} lines, run with this build's Maven and the test's repositories. */
    private static Run maven(String line) throws IOException, InterruptedException {
        assertTrue(line.startsWith("mvn "), line);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("it.mavenHome"), "bin", "mvn").toString(),
                "-s", settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("it.localRepository")));
        command.addAll(Arrays.asList(line.substring("mvn ".length()).split(" +")));
        return run(command);
    }

    private record Run(int status, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        // As on a user's machine: no JAVA_HOME, and the default JDK (not 25) first on the PATH.
        environment.remove("JAVA_HOME");
        environment.remove("MAVEN_OPTS");
        defaultJdk().ifPresent(jdk -> environment.put("PATH",
                jdk.resolve("bin") + File.pathSeparator + environment.getOrDefault("PATH", "")));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("\u001B\\[[0-9;]*m", ""); // Maven 3.8 colours its last lines even in batch mode
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
        Files.writeString(project.resolveSibling("user-project-" + (++runs) + ".log"),
                String.join(" ", command) + "\n" + output);
        return new Run(process.exitValue(), output);
    }

    /** An installed JDK 17 (the stock JDK of this machine's kind), if there is one. */
    private static Optional<Path> defaultJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> home.getFileName().toString().contains("17"))
                    .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .sorted()
                    .findFirst();
        }
    }

    private static String currentJava() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /** ~/.m2/repository read as a remote repository, before Maven Central: nothing already there is fetched again. */
    private static String settingsReadingM2AsARepository() {
        String m2 = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
        String repository = """
                <id>user-m2</id>
                <url>%s</url>
                <releases><enabled>true</enabled></releases>
                <snapshots><enabled>false</enabled></snapshots>
                """.formatted(m2);
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>user-m2</id>
                      <repositories><repository>%s</repository></repositories>
                      <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>user-m2</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repository);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

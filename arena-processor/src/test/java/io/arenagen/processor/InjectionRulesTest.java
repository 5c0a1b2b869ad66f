package io.arenagen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.InjectionStubs.concat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The injection errors: each on the exact value (line and column), saying what to do, with nothing
 * generated — the shared-memory name by the run-time rules, a name on a LOCAL arena, a container that
 * would construct an unnamed SHM arena, a container whose annotations are missing, a bad option.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InjectionRulesTest {

    /** {@code p.Bad}; the annotation is on lines 5.. (one per entry of {@code annotation}). */
    private static JavaFileObject arena(String... annotation) {
        List<String> lines = new ArrayList<>(List.of(
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.ComponentModel;"));
        lines.addAll(List.of(annotation));
        lines.add("public interface Bad extends io.arenagen.runtime.SlabAllocator {}");
        return ArenaCompilation.source("p.Bad", lines.toArray(String[]::new));
    }

    private static Compilation compileFailing(List<String> options, JavaFileObject source, JavaFileObject... classpath) {
        List<String> all = new ArrayList<>(List.of("-Xlint:all", "-Werror"));
        all.addAll(options);
        RecordingProcessor processor = new RecordingProcessor();
        Compilation compilation = Compiler.javac()
                .withProcessors(ArenaCompilation.processors(processor))
                .withOptions(all)
                .withClasspath(ArenaCompilation.classpath())
                .compile(concat(new JavaFileObject[] {source}, classpath));
        assertThat(compilation).failed();
        if (!processor.created().isEmpty()) {
            throw new AssertionError("a failing configuration generated " + processor.created());
        }
        return compilation;
    }

    private static Compilation compileFailing(JavaFileObject source, JavaFileObject... classpath) {
        return compileFailing(List.of(), source, classpath);
    }

    @Test
    void nameWithoutLeadingSlashIsReportedOnName() {
        JavaFileObject source = arena(
                "@Arena(count = 8, sizes = {64}, backend = Backend.SHM,",
                "       name = \"feed\")");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaInvalidShmName] name: shared-memory name \"feed\" does not "
                + "start with '/'; use \"/feed\"").inFile(source).onLine(6).atColumn(15);
    }

    @Test
    void everyRunTimeNameRuleIsACompileError() {
        String[][] cases = {
            {"\"/a/b\"", "contains a '/' after the leading one"},
            {"\"/\"", "has nothing after the '/'"},
            {"\"/..\"", "names a directory"},
            {"\"/.\"", "names a directory"},
            {"\"/a\\0b\"", "contains a NUL character"},
            {"\"/" + "x".repeat(255) + "\"", "bytes long in UTF-8; at most 255"},
        };
        for (String[] rule : cases) {
            JavaFileObject source = arena("@Arena(count = 8, sizes = {64}, backend = Backend.SHM, name = " + rule[0] + ")");
            Compilation compilation = compileFailing(source);
            assertThat(compilation).hadErrorCount(1);
            assertThat(compilation).hadErrorContaining("[ArenaInvalidShmName]").inFile(source).onLine(5).atColumn(63);
            assertThat(compilation).hadErrorContaining(rule[1]);
        }
    }

    @Test
    void longestValidNameCompiles() {
        Compilation compilation = InjectionModelTest.compile(List.of(), InjectionModelTest.arena(
                "count = 8, sizes = {64}, backend = Backend.SHM, name = \"/" + "x".repeat(254) + "\""));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void nameOnLocalArenaIsReportedOnName() {
        JavaFileObject source = arena(
                "@Arena(count = 8, sizes = {64},",
                "       name = \"/feed\")");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaNameOnLocal] name = \"/feed\" is given to a LOCAL arena")
                .inFile(source).onLine(6).atColumn(15);
        assertThat(compilation).hadErrorContaining("remove name, or add backend = Backend.SHM");
    }

    @Test
    void containerOfUnnamedShmArenaIsReportedOnComponentModel() {
        JavaFileObject source = arena(
                "@Arena(count = 8, sizes = {64}, backend = Backend.SHM,",
                "       componentModel = ComponentModel.SPRING)");
        Compilation compilation = compileFailing(source, InjectionStubs.spring());
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaComponentModelNeedsName] componentModel = SPRING makes a "
                + "container construct BadImpl with no arguments, but SHM arena Bad names no shared-memory object; "
                + "add name = \"/Bad\"").inFile(source).onLine(6).atColumn(39);
    }

    @Test
    void buildDefaultContainerOfUnnamedShmArenaIsReportedOnTheAnnotation() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {64}, backend = Backend.SHM)");
        Compilation compilation = compileFailing(List.of("-Aarenagen.defaultComponentModel=cdi"), source,
                InjectionStubs.cdi());
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaComponentModelNeedsName] the build's default component model "
                + "CDI (-Aarenagen.defaultComponentModel)").inFile(source).onLine(5).atColumn(1);
    }

    @Test
    void missingContainerIsReportedOnComponentModelWithItsDependency() {
        String[][] cases = {
            {"SPRING", "@org.springframework.stereotype.Component", "org.springframework:spring-context (the version "
                    + "of your Spring)"},
            {"JAKARTA", "@jakarta.inject.Singleton", "jakarta.inject:jakarta.inject-api (version 2.0.1 or later)"},
            {"JSR330", "@javax.inject.Singleton", "javax.inject:javax.inject (version 1)"},
            {"CDI", "@jakarta.inject.Singleton", "jakarta.enterprise:jakarta.enterprise.cdi-api (version 4.1.0 or "
                    + "later; it brings jakarta.annotation-api)"},
        };
        for (String[] model : cases) {
            JavaFileObject source = arena(
                    "@Arena(count = 8, sizes = {64},",
                    "       componentModel = ComponentModel." + model[0] + ")");
            Compilation compilation = compileFailing(source);
            assertThat(compilation).hadErrorCount(1);
            assertThat(compilation).hadErrorContaining("[ArenaComponentModelUnavailable] componentModel = " + model[0]
                    + " puts " + model[1] + " on BadImpl, but that type is not on the compile class path; add the "
                    + "dependency " + model[2] + " to the build's compile class path").inFile(source).onLine(6)
                    .atColumn(39);
            assertThat(compilation).hadErrorContaining(model[2]);
            assertThat(compilation.errors().get(0).getMessage(java.util.Locale.ROOT)).doesNotContain("groupId");
        }
    }

    /** Every container constructs and closes its beans on threads of its own, so a confined arena is unusable there. */
    @Test
    void confinedWithAContainerIsReportedOnComponentModel() {
        String[][] cases = {{"SPRING"}, {"JAKARTA"}, {"JSR330"}, {"CDI"}};
        for (String[] model : cases) {
            JavaFileObject source = arena(
                    "@Arena(count = 8, sizes = {64}, confined = true,",
                    "       componentModel = ComponentModel." + model[0] + ")");
            Compilation compilation = compileFailing(source, concat(InjectionStubs.spring(), InjectionStubs.cdi(),
                    InjectionStubs.javax()));
            assertThat(compilation).hadErrorCount(1);
            assertThat(compilation).hadErrorContaining("[ArenaConfinedComponentModel] confined = true with componentModel = "
                    + model[0] + ": the container constructs BadImpl on a thread of its own, hands it to other threads "
                    + "and closes it at shutdown on yet another, but a confined arena refuses every thread except the "
                    + "one that constructed it; for a confined arena per thread, set componentModel = "
                    + "ComponentModel.NONE and construct it with `new BadImpl()` in the thread that uses it, or remove "
                    + "confined for a shared arena that the container can inject anywhere")
                    .inFile(source).onLine(6).atColumn(39);
        }
    }

    @Test
    void confinedWithTheBuildsDefaultContainerIsReportedOnConfined() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {64}, confined = true)");
        Compilation compilation = compileFailing(List.of("-Aarenagen.defaultComponentModel=spring"), source,
                InjectionStubs.spring());
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaConfinedComponentModel] confined = true with the build's "
                + "default component model SPRING (-Aarenagen.defaultComponentModel): the container constructs BadImpl")
                .inFile(source).onLine(5).atColumn(44);
    }

    @Test
    void confinedWithoutAContainerCompiles() {
        Compilation compilation = InjectionModelTest.compile(List.of("-Aarenagen.defaultComponentModel=spring"),
                InjectionModelTest.arena("count = 8, sizes = {64}, confined = true, componentModel = ComponentModel.NONE"),
                InjectionStubs.spring());
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void cdiWithoutPreDestroyNamesTheCdiApi() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {64}, componentModel = ComponentModel.CDI)");
        Compilation compilation = compileFailing(source, InjectionStubs.jakarta());
        assertThat(compilation).hadErrorContaining("puts @jakarta.annotation.PreDestroy on BadImpl")
                .inFile(source).onLine(5);
        assertThat(compilation).hadErrorContaining("jakarta.enterprise:jakarta.enterprise.cdi-api (version 4.1.0");
    }

    @Test
    void badOptionIsAnErrorNamingTheAllowedValues() {
        JavaFileObject source = arena("@Arena(count = 8, sizes = {64})");
        Compilation compilation = compileFailing(List.of("-Aarenagen.defaultComponentModel=guice"), source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaInvalidOption] -Aarenagen.defaultComponentModel=guice names "
                + "no component model; use one of: default, none, jakarta, jsr330, spring, cdi");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        JavaFileObject source = arena(
                "@Arena(count = 0, sizes = {64},",
                "       name = \"/feed\", componentModel = ComponentModel.SPRING)");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("[ArenaCountOutOfRange]").inFile(source).onLine(5);
        assertThat(compilation).hadErrorContaining("[ArenaNameOnLocal]").inFile(source).onLine(6).atColumn(15);
        assertThat(compilation).hadErrorContaining("[ArenaComponentModelUnavailable]").inFile(source).onLine(6)
                .atColumn(55);
    }
}

package io.arenagen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.InjectionStubs.concat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.arenagen.processor.inject.InjectionValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What each {@code componentModel} puts on the generated class, the build's default from
 * {@code -Aarenagen.defaultComponentModel}, the no-argument constructor of a named SHM arena, and the
 * generated Dagger and Guice modules. Every compilation is {@code -Xlint:all -Werror} and must be
 * warning-free, generated code included.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InjectionModelTest {

    /** {@code p.FeedArena} with {@code @Arena(<arguments>)}. */
    static JavaFileObject arena(String arguments) {
        return ArenaCompilation.source("p.FeedArena",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.ComponentModel;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(" + arguments + ")",
                "public interface FeedArena extends SlabAllocator {}");
    }

    static Compilation compile(List<String> options, JavaFileObject arena, JavaFileObject... classpath) {
        List<String> all = new ArrayList<>(List.of("-Xlint:all", "-Werror"));
        all.addAll(options);
        return Compiler.javac()
                .withProcessors(ArenaCompilation.processors())
                .withOptions(all)
                .withClasspath(ArenaCompilation.classpath())
                .compile(concat(new JavaFileObject[] {arena}, classpath));
    }

    private static String impl(List<String> options, JavaFileObject arena, JavaFileObject... classpath) {
        Compilation compilation = compile(options, arena, classpath);
        assertThat(compilation).succeededWithoutWarnings();
        return ArenaCompilation.generatedSource(compilation, "p.FeedArenaImpl");
    }

    private static String impl(String arguments, JavaFileObject... classpath) {
        return impl(List.of(), arena(arguments), classpath);
    }

    @Test
    void defaultAndNoneAddNothing() {
        for (String model : List.of("", ", componentModel = ComponentModel.DEFAULT", ", componentModel = ComponentModel.NONE")) {
            String source = impl("count = 8, sizes = {64}" + model, concat(InjectionStubs.cdi(),
                    InjectionStubs.spring(), InjectionStubs.guice()));
            assertThat(source).doesNotContain("inject");
            assertThat(source).doesNotContain("@Component");
            assertThat(source).contains("    public FeedArenaImpl() {\n        super(LAYOUT);");
        }
    }

    @Test
    void jakartaIsASingletonWithAnInjectConstructor() {
        String source = impl("count = 8, sizes = {64}, componentModel = ComponentModel.JAKARTA", InjectionStubs.jakarta());
        assertThat(source).contains("import jakarta.inject.Inject;");
        assertThat(source).contains("import jakarta.inject.Named;");
        assertThat(source).contains("import jakarta.inject.Singleton;");
        assertThat(source).contains("@Singleton\n@Named\npublic final class FeedArenaImpl");
        assertThat(source).contains("@Inject\n    public FeedArenaImpl() {");
        assertThat(source).doesNotContain("PreDestroy");
    }

    @Test
    void jsr330UsesJavaxInject() {
        String source = impl("count = 8, sizes = {64}, componentModel = ComponentModel.JSR330", InjectionStubs.javax());
        assertThat(source).contains("import javax.inject.Inject;");
        assertThat(source).contains("import javax.inject.Named;");
        assertThat(source).contains("import javax.inject.Singleton;");
        assertThat(source).contains("@Singleton\n@Named\npublic final class FeedArenaImpl");
        assertThat(source).contains("@Inject\n    public FeedArenaImpl() {");
        assertThat(source).doesNotContain("jakarta");
    }

    @Test
    void springIsAComponent() {
        String source = impl("count = 8, sizes = {64}, componentModel = ComponentModel.SPRING", InjectionStubs.spring());
        assertThat(source).contains("import org.springframework.stereotype.Component;");
        assertThat(source).contains("@Component\npublic final class FeedArenaImpl");
        assertThat(source).doesNotContain("@Inject");
    }

    @Test
    void cdiIsASingletonClosedAtPreDestroy() {
        String source = impl("count = 8, sizes = {64}, componentModel = ComponentModel.CDI", InjectionStubs.cdi());
        assertThat(source).contains("import jakarta.inject.Singleton;");
        assertThat(source).contains("@Singleton\npublic final class FeedArenaImpl");
        assertThat(source).doesNotContain("@Named");
        assertThat(source).contains("@Inject\n    public FeedArenaImpl() {");
        assertThat(source).contains("@PreDestroy\n    void closeOnDestroy() {\n        close();\n    }");
    }

    @Test
    void namedShmArenaGetsANoArgumentConstructorAndKeepsTheNamedOnes() {
        String source = impl("count = 8, sizes = {64}, backend = Backend.SHM, name = \"/feed\", "
                + "componentModel = ComponentModel.JAKARTA", InjectionStubs.jakarta());
        assertThat(source).contains("public static final String NAME = \"/feed\";");
        assertThat(source).contains("@Inject\n    public FeedArenaImpl() {\n        this(NAME);\n    }");
        assertThat(source).contains("public FeedArenaImpl(String name) {");
        assertThat(source).contains("public FeedArenaImpl(String name, ShmOptions options) {");
        assertThat(source).doesNotContain("@Inject\n    public FeedArenaImpl(String");
    }

    @Test
    void namedShmArenaWithoutContainerGetsTheConstructorToo() {
        String source = impl("count = 8, sizes = {64}, backend = Backend.SHM, name = \"/feed\"");
        assertThat(source).contains("    public FeedArenaImpl() {\n        this(NAME);\n    }");
        assertThat(source).doesNotContain("@Inject");
    }

    @Test
    void theOptionSetsTheDefaultAndAnExplicitModelWins() {
        List<String> spring = List.of("-Aarenagen.defaultComponentModel=spring");
        assertThat(impl(spring, arena("count = 8, sizes = {64}"), InjectionStubs.spring()))
                .contains("@Component\npublic final class FeedArenaImpl");
        assertThat(impl(spring, arena("count = 8, sizes = {64}, componentModel = ComponentModel.NONE"),
                InjectionStubs.spring())).doesNotContain("@Component");
        assertThat(impl(spring, arena("count = 8, sizes = {64}, componentModel = ComponentModel.JAKARTA"),
                InjectionStubs.concat(InjectionStubs.spring(), InjectionStubs.jakarta())))
                .contains("@Singleton\n@Named\npublic final class FeedArenaImpl");
        String none = impl(List.of("-Aarenagen.defaultComponentModel=none"), arena("count = 8, sizes = {64}"),
                InjectionStubs.concat(InjectionStubs.spring(), InjectionStubs.jakarta()));
        assertThat(none).doesNotContain("@Component");
        assertThat(none).doesNotContain("@Singleton");
    }

    /**
     * The generated modules. {@code -Xlint:-processing} here only: Dagger's processor reads {@code @Module}
     * and {@code @Binds} but claims nothing, so javac lists them in any Dagger build, user code or not; the
     * stubs stand in for Dagger without its processor.
     */
    @Test
    void daggerAndGuiceModulesBindTheInterfaceWhenTheyAreOnTheClassPath() {
        Compilation compilation = Compiler.javac()
                .withProcessors(ArenaCompilation.processors(new ArenaProcessor(daggerProcessorOnThePath())))
                .withOptions("-Xlint:all", "-Werror", "-Xlint:-processing")
                .withClasspath(ArenaCompilation.classpath())
                .compile(concat(new JavaFileObject[] {arena("count = 8, sizes = {64}, componentModel = ComponentModel.JAKARTA")},
                        InjectionStubs.jakarta(), InjectionStubs.dagger(), InjectionStubs.guice()));
        assertThat(compilation).succeededWithoutWarnings();
        String dagger = ArenaCompilation.generatedSource(compilation, "p.FeedArenaDaggerModule");
        assertThat(dagger).contains(
                "@Generated(\"io.arenagen.processor.ArenaProcessor\")\n@Module\npublic interface FeedArenaDaggerModule {");
        assertThat(dagger).contains("@Binds\n    FeedArena bindFeedArena(FeedArenaImpl arena);");
        String guice = ArenaCompilation.generatedSource(compilation, "p.FeedArenaGuiceModule");
        assertThat(guice).contains("public final class FeedArenaGuiceModule extends AbstractModule {");
        assertThat(guice).contains("bind(FeedArenaImpl.class).in(Singleton.class);\n"
                + "        bind(FeedArena.class).to(FeedArenaImpl.class);");
        assertThat(guice).contains("import com.google.inject.Singleton;");
        assertThat(dagger).contains("@Generated(\"io.arenagen.processor.ArenaProcessor\")");
    }

    /** Stands in for dagger-compiler on the processor path: its processor class loads, nothing else does. */
    private static Predicate<String> daggerProcessorOnThePath() {
        return InjectionValidator.DAGGER_PROCESSOR::equals;
    }

    /**
     * Dagger's jar (here its annotations) without its processor: a Dagger module would be of no use, and its
     * {@code @Module} and {@code @Binds}, claimed by no processor, would fail {@code -Xlint:all -Werror}.
     */
    @Test
    void noDaggerModuleWithoutDaggersProcessorSoAllLintsStayClean() {
        Compilation compilation = compile(List.of(), arena("count = 8, sizes = {64}, componentModel = ComponentModel.JAKARTA"),
                concat(InjectionStubs.jakarta(), InjectionStubs.dagger()));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation.generatedSourceFile("p.FeedArenaDaggerModule").isPresent()).isFalse();
        assertThat(compilation.generatedSourceFile("p.FeedArenaImpl").isPresent()).isTrue();
    }

    @Test
    void daggersProcessorIsFoundOnTheProcessorsOwnClassPathOnly() {
        assertTrue(ArenaProcessor.onProcessorPath(ArenaProcessor.class.getName()));
        assertFalse(ArenaProcessor.onProcessorPath(InjectionValidator.DAGGER_PROCESSOR));
    }

    @Test
    void noModulesWithoutTheirContainerOrForOtherModels() {
        Compilation jakartaOnly = compile(List.of(), arena("count = 8, sizes = {64}, componentModel = ComponentModel.JAKARTA"),
                InjectionStubs.jakarta());
        assertThat(jakartaOnly).succeededWithoutWarnings();
        assertThat(jakartaOnly.generatedSourceFiles()).hasSize(2); // the arena and its thread cache, no module
        Compilation spring = compile(List.of(), arena("count = 8, sizes = {64}, componentModel = ComponentModel.SPRING"),
                concat(InjectionStubs.spring(), InjectionStubs.dagger(), InjectionStubs.guice()));
        assertThat(spring).succeededWithoutWarnings();
        assertThat(spring.generatedSourceFiles()).hasSize(2);
    }
}

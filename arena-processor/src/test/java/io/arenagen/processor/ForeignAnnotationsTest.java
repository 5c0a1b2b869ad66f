package io.arenagen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.source;
import static io.arenagen.processor.InjectionStubs.concat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The processor claims its own annotations only: a user's {@code @Singleton}, {@code @Inject}, {@code @Named},
 * {@code @Component}, {@code @PreDestroy} and {@code @Generated} reach a processor placed after it (as
 * Micronaut's or Avaje Inject's would be), while the same annotations on generated code are claimed, so
 * {@code -Xlint:all -Werror} stays clean for what arenagen adds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ForeignAnnotationsTest {

    /** A later processor of the annotations arenagen's generated code carries; it claims them, as a container's would. */
    private static final class LaterProcessor extends AbstractProcessor {

        /** Per round: the annotations handed over, and the elements carrying them, as {@code annotation element}. */
        private final List<Set<String>> handed = new CopyOnWriteArrayList<>();
        private final List<Set<String>> seen = new CopyOnWriteArrayList<>();

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return new GeneratedCodeProcessor().getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            Set<String> names = new TreeSet<>();
            Set<String> elements = new TreeSet<>();
            for (TypeElement annotation : annotations) {
                names.add(annotation.getQualifiedName().toString());
                for (Element element : round.getElementsAnnotatedWith(annotation)) {
                    elements.add(annotation.getSimpleName() + " " + element);
                }
            }
            handed.add(names);
            seen.add(elements);
            return true;
        }
    }

    private static final JavaFileObject STRUCT = source("p.Tick", "package p;", "@io.arenagen.Struct", "record Tick(int id) {}");

    private static final JavaFileObject SERVICE = source("p.Service",
            "package p;",
            "@jakarta.inject.Singleton",
            "@jakarta.inject.Named",
            "class Service {",
            "    @jakarta.inject.Inject",
            "    Service() { }",
            "    @jakarta.annotation.PreDestroy",
            "    void stop() { }",
            "}");

    private static final JavaFileObject LEGACY = source("p.Legacy",
            "package p;",
            "@javax.inject.Singleton",
            "@javax.inject.Named",
            "@org.springframework.stereotype.Component",
            "class Legacy {",
            "    @javax.inject.Inject",
            "    Legacy() { }",
            "}");

    private static final JavaFileObject PACKAGE_INFO = source("p.package-info",
            "@javax.annotation.processing.Generated(\"by hand\")",
            "package p;");

    private static final JavaFileObject ARENA = source("p.FeedArena",
            "package p;",
            "@io.arenagen.Arena(count = 8, sizes = {64}, holds = Tick.class,",
            "        componentModel = io.arenagen.ComponentModel.JAKARTA)",
            "public interface FeedArena extends io.arenagen.runtime.SlabAllocator {}");

    private static JavaFileObject[] stubs() {
        return concat(InjectionStubs.cdi(), InjectionStubs.javax(), InjectionStubs.spring());
    }

    private static Compilation compile(List<Processor> processors, String... options) {
        List<String> all = new ArrayList<>(List.of("-Xlint:all", "-Werror"));
        all.addAll(List.of(options));
        return Compiler.javac()
                .withProcessors(processors)
                .withOptions(all)
                .withClasspath(ArenaCompilation.classpath())
                .compile(concat(new JavaFileObject[] {STRUCT, SERVICE, LEGACY, PACKAGE_INFO, ARENA}, stubs()));
    }

    @Test
    void aLaterProcessorGetsTheUsersElementsAndTheBuildStaysClean() {
        LaterProcessor later = new LaterProcessor();
        List<Processor> processors = new ArrayList<>(ArenaCompilation.processors());
        processors.add(later);
        Compilation compilation = compile(processors);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation.generatedSourceFile("p.FeedArenaImpl").isPresent()).isTrue();
        assertThat(compilation.generatedSourceFile("p.TickStruct").isPresent()).isTrue();
        assertThat(later.handed.get(0)).containsExactly("jakarta.inject.Singleton", "jakarta.inject.Named",
                "jakarta.inject.Inject", "jakarta.annotation.PreDestroy", "javax.inject.Singleton", "javax.inject.Named",
                "javax.inject.Inject", "org.springframework.stereotype.Component",
                "javax.annotation.processing.Generated");
        assertThat(later.seen.get(0)).containsExactly("Singleton p.Service", "Named p.Service", "Inject Service()",
                "PreDestroy stop()", "Singleton p.Legacy", "Named p.Legacy", "Inject Legacy()", "Component p.Legacy",
                "Generated p");
    }

    /** Nothing of arenagen's own reaches a later processor, and nothing generated is handed to it as unclaimed. */
    @Test
    void theGeneratedCodesAnnotationsAreClaimedInRoundsWhereOnlyItCarriesThem() {
        LaterProcessor later = new LaterProcessor();
        List<Processor> processors = new ArrayList<>(ArenaCompilation.processors());
        processors.add(later);
        compile(processors);
        for (int round = 1; round < later.handed.size(); round++) {
            assertThat(later.handed.get(round)).isEmpty();
        }
        assertThat(later.handed.size()).isAtLeast(2);
    }

    /**
     * Without a processor for them, a user's own annotations are javac's business, reported as with any
     * processor on the path; arenagen's are not among them.
     */
    @Test
    void theUsersAnnotationsAreLeftUnclaimedAndOursAreNot() {
        Compilation compilation = compile(ArenaCompilation.processors());
        assertThat(compilation).failed();
        assertThat(compilation).hadWarningContaining("No processor claimed any of these annotations");
        String warning = compilation.warnings().get(0).getMessage(Locale.ROOT);
        assertThat(warning).contains("jakarta.inject.Singleton");
        assertThat(warning).contains("org.springframework.stereotype.Component");
        assertThat(warning).doesNotContain("io.arenagen");
        assertThat(compilation.warnings()).hasSize(1);
    }
}

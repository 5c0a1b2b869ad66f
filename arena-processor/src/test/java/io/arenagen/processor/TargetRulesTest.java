package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.compileFailing;
import static io.arenagen.processor.ArenaCompilation.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;

import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per rule on the annotated type: tag and wording, the line of the offending declaration,
 * and nothing generated; plus the shapes the rules must let through.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class TargetRulesTest {

    private static final String IMPORTS = "import io.arenagen.Arena; import io.arenagen.runtime.SlabAllocator;";
    private static final String ARENA = "@Arena(count = 8, sizes = {64})";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "public class Bad {}                                     | class",
        "public enum Bad { A }                                   | enum",
        "public record Bad(int x) {}                             | record",
        "public @interface Bad {}                                | annotation type"})
    void onlyAnInterfaceCanBeAnArena(String declaration, String kind) {
        JavaFileObject source = source("p.Bad",
                "package p;",
                IMPORTS,
                ARENA,
                declaration);
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaNotInterface] @Arena is on " + kind + " Bad, but an arena is "
                + "declared as an interface; write `interface Bad extends SlabAllocator {}`").inFile(source).onLine(4);
    }

    @Test
    void aGenericInterfaceIsRejected() {
        JavaFileObject source = source("p.Bad",
                "package p;",
                IMPORTS,
                ARENA,
                "public interface Bad<T> extends SlabAllocator {}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaGenericInterface] @Arena interface Bad has type parameters <T>")
                .inFile(source).onLine(4);
        assertThat(compilation).hadErrorContaining("remove them");
    }

    @Test
    void anInterfaceWithoutSlabAllocatorIsRejected() {
        JavaFileObject source = source("p.Bad",
                "package p;",
                IMPORTS,
                ARENA,
                "public interface Bad extends AutoCloseable {}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaMissingSlabAllocator] @Arena interface Bad does not extend "
                + "io.arenagen.runtime.SlabAllocator").inFile(source).onLine(4);
        assertThat(compilation).hadErrorContaining("write `interface Bad extends SlabAllocator`");
    }

    @Test
    void anExtraAbstractMethodIsReportedOnTheMethod() {
        JavaFileObject source = source("p.Bad",
                "package p;",
                IMPORTS,
                ARENA,
                "public interface Bad extends SlabAllocator {",
                "    long allocateTwice(long size);",
                "}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaExtraAbstractMethod] abstract method allocateTwice(long) of "
                + "@Arena interface Bad is not a SlabAllocator method").inFile(source).onLine(5).atColumn(10);
        assertThat(compilation).hadErrorContaining("make it a default or static method, or remove it");
    }

    /**
     * Only public {@code Object} methods may be redeclared: the generated class inherits {@code clone}
     * and {@code finalize} as protected (too weak for an interface method), and an overload is a new method.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Object clone();                  | clone()",
        "void finalize();                 | finalize()",
        "String toString(int radix);      | toString(int)",
        "boolean equals(Bad other);       | equals(p.Bad)",
        "void close(boolean force);       | close(boolean)"})
    void objectAndSlabAllocatorLookAlikesAreExtraMethods(String declaration, String signature) {
        JavaFileObject source = source("p.Bad",
                "package p;",
                IMPORTS,
                ARENA,
                "public interface Bad extends SlabAllocator {",
                "    " + declaration,
                "}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaExtraAbstractMethod] abstract method " + signature
                + " of @Arena interface Bad is not a SlabAllocator method").inFile(source).onLine(5);
    }

    @Test
    void anInheritedExtraAbstractMethodIsReportedOnTheInterface() {
        JavaFileObject base = source("p.Base",
                "package p;",
                "public interface Base {",
                "    void extra(int x);",
                "}");
        JavaFileObject source = source("p.Bad",
                "package p;",
                IMPORTS,
                ARENA,
                "public interface Bad extends SlabAllocator, Base {}");
        Compilation compilation = compileFailing(base, source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaExtraAbstractMethod] @Arena interface Bad inherits abstract "
                + "method extra(int) from Base").inFile(source).onLine(4);
    }

    @Test
    void everyExtraAbstractMethodGetsItsOwnError() {
        JavaFileObject source = source("p.Bad",
                "package p;",
                IMPORTS,
                ARENA,
                "public interface Bad extends SlabAllocator {",
                "    void one();",
                "    void two();",
                "}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("abstract method one()").inFile(source).onLine(5);
        assertThat(compilation).hadErrorContaining("abstract method two()").inFile(source).onLine(6);
    }

    @Test
    void aPrivateNestedInterfaceIsRejected() {
        JavaFileObject source = source("p.Outer",
                "package p;",
                IMPORTS,
                "public class Outer {",
                "    " + ARENA,
                "    private interface Inner extends SlabAllocator {}",
                "}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaInaccessibleInterface] @Arena interface Outer.Inner is private, "
                + "so the generated Outer_InnerImpl, a top-level class of the same package, cannot implement it")
                .inFile(source).onLine(5);
    }

    @Test
    void anInterfaceNestedInAPrivateClassIsRejected() {
        JavaFileObject source = source("p.Outer",
                "package p;",
                IMPORTS,
                "public class Outer {",
                "    private static class Middle {",
                "        " + ARENA,
                "        interface Inner extends SlabAllocator {}",
                "    }",
                "}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaInaccessibleInterface] @Arena interface Outer.Middle.Inner is "
                + "nested in private Outer.Middle").inFile(source).onLine(6);
    }

    @Test
    void everyTargetProblemIsReported() {
        JavaFileObject source = source("p.Outer",
                "package p;",
                IMPORTS,
                "public class Outer {",
                "    " + ARENA,
                "    private interface Inner<T> extends SlabAllocator {",
                "        T extra();",
                "    }",
                "}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("[ArenaInaccessibleInterface]").inFile(source).onLine(5);
        assertThat(compilation).hadErrorContaining("[ArenaGenericInterface]").inFile(source).onLine(5);
        assertThat(compilation).hadErrorContaining("[ArenaExtraAbstractMethod] abstract method extra()")
                .inFile(source).onLine(6);
    }

    @Test
    void defaultStaticRedeclaredAndObjectMethodsAreAllowed() {
        JavaFileObject base = source("p.Base",
                "package p;",
                "import io.arenagen.runtime.SlabAllocator;",
                "public interface Base extends SlabAllocator {",
                "    @Override long allocateOffset(long size);",
                "}");
        JavaFileObject source = source("p.Fine",
                "package p;",
                IMPORTS,
                "import java.lang.foreign.MemorySegment;",
                ARENA,
                "public interface Fine extends Base {",
                "    @Override MemorySegment allocate(long size);",
                "    @Override void close();",
                "    @Override String toString();",
                "    @Override boolean equals(Object other);",
                "    @Override int hashCode();",
                "    default long twice(long size) { return allocateOffset(2 * size); }",
                "    static long limit() { return 64; }",
                "}");
        GeneratedClasses classes = ArenaCompilation.compileAndLoad(base, source);
        Class<?> impl = classes.load("p.FineImpl");
        assertEquals(classes.load("p.Fine"), impl.getInterfaces()[0]);
    }
}

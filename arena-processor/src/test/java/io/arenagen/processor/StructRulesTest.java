package io.arenagen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.compileFailing;
import static io.arenagen.processor.ArenaCompilation.source;

import com.google.testing.compile.Compilation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One test per {@code @Struct} rule: each error has its tag, sits on the exact component (line and
 * column) or {@code @Length} annotation, says what to do, and nothing is generated for the struct
 * ({@link ArenaCompilation#compileFailing} checks that nothing at all is).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class StructRulesTest {

    /** {@code p.S}: line 4 is {@code @Struct}, the record header starts on line 5 with {@code components}, one per line. */
    private static JavaFileObject struct(String... components) {
        List<String> lines = new ArrayList<>(List.of(
                "package p;",
                "import io.arenagen.Length;",
                "import io.arenagen.Struct;",
                "@Struct",
                "record S("));
        for (int i = 0; i < components.length; i++) {
            lines.add("        " + components[i] + (i == components.length - 1 ? ") {}" : ","));
        }
        return source("p.S", lines.toArray(String[]::new));
    }

    @Test
    void structOnAClassIsReportedOnTheClass() {
        JavaFileObject source = source("p.S", "package p;", "@io.arenagen.Struct", "final class S {}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaStructNotRecord] @Struct is on class S, but a struct is "
                + "declared as a record of primitives; write `record S(int id, float value) {}`")
                .inFile(source).onLine(3).atColumn(7);
    }

    @Test
    void stringComponentIsReportedOnTheComponent() {
        JavaFileObject source = struct("int id", "String name");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaStructComponentType] component name of @Struct record S has "
                + "type String, a reference type, which cannot live in a struct; store its bytes in a @Length(n) byte[] "
                + "component").inFile(source).onLine(7).atColumn(16);
    }

    @Test
    void classEnumInterfaceAndPlainRecordComponentsAreReportedEach() {
        JavaFileObject source = struct("Object any", "java.time.DayOfWeek day", "Runnable task", "Plain plain",
                "java.util.List<Integer> list");
        JavaFileObject plain = source("p.Plain", "package p;", "record Plain(int x) {}");
        Compilation compilation = compileFailing(source, plain);
        assertThat(compilation).hadErrorCount(5);
        assertThat(compilation).hadErrorContaining("component any of @Struct record S has type Object, a reference type")
                .inFile(source).onLine(6);
        assertThat(compilation).hadErrorContaining("component day of @Struct record S has type DayOfWeek, a reference type,"
                + " which cannot live in a struct; store its ordinal in a byte or an int").inFile(source).onLine(7);
        assertThat(compilation).hadErrorContaining("component task of @Struct record S has type Runnable")
                .inFile(source).onLine(8);
        assertThat(compilation).hadErrorContaining("component plain of @Struct record S has type Plain, a record without "
                + "@Struct, which cannot live in a struct; annotate Plain with @Struct if its components qualify")
                .inFile(source).onLine(9);
        assertThat(compilation).hadErrorContaining("component list of @Struct record S has type List").inFile(source)
                .onLine(10);
    }

    @Test
    void genericRecordIsReported() {
        JavaFileObject source = source("p.S", "package p;", "@io.arenagen.Struct", "record S<T>(int id) {}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorContaining("[ArenaStructUnsupportedRecord] @Struct record S has type parameters")
                .inFile(source).onLine(3).atColumn(1);
    }

    @Test
    void emptyAndPrivateRecordsAreReported() {
        JavaFileObject source = source("p.O", "package p;", "class O {",
                "    @io.arenagen.Struct record Empty() {}",
                "    @io.arenagen.Struct private record Hidden(int id) {}",
                "}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[ArenaStructUnsupportedRecord] @Struct record O.Empty has no "
                + "components").inFile(source).onLine(3);
        assertThat(compilation).hadErrorContaining("[ArenaStructUnsupportedRecord] @Struct record Hidden is private or "
                + "local, so the generated O_HiddenStruct").inFile(source).onLine(4);
    }

    @Test
    void arrayWithoutLengthIsReportedOnTheComponent() {
        JavaFileObject source = struct("long time", "byte[] symbol");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaStructArrayLength] component symbol of @Struct record S is an "
                + "array without @Length, so its size is unknown at compile time; write `@Length(n) byte[] symbol`")
                .inFile(source).onLine(7).atColumn(16);
    }

    @Test
    void nonPositiveLengthIsReportedOnTheLengthValue() {
        JavaFileObject source = struct("@Length(0) byte[] none", "@Length(-3) int[] negative");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[ArenaStructArrayLength] component none of @Struct record S has "
                + "@Length(0), but an array in a struct has at least 1 element; use a positive length")
                .inFile(source).onLine(6).atColumn(9);
        assertThat(compilation).hadErrorContaining("component negative of @Struct record S has @Length(-3)")
                .inFile(source).onLine(7).atColumn(9);
    }

    @Test
    void lengthOnANonArrayAndArraysOfReferencesAreReported() {
        JavaFileObject source = struct("@Length(4) int count", "@Length(2) String[] names", "@Length(2) int[][] grid");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("[ArenaStructArrayLength] component count of @Struct record S has "
                + "@Length but is a int, not an array; remove @Length").inFile(source).onLine(6);
        assertThat(compilation).hadErrorContaining("[ArenaStructComponentType] component names of @Struct record S is an "
                + "array of java.lang.String, but a struct holds arrays of primitives only").inFile(source).onLine(7);
        assertThat(compilation).hadErrorContaining("component grid of @Struct record S is an array of int[]")
                .inFile(source).onLine(8);
    }

    @Test
    void structContainingItselfIsReportedOnceOnTheClosingComponent() {
        JavaFileObject self = source("p.Self", "package p;", "@io.arenagen.Struct", "record Self(int id, Self next) {}");
        JavaFileObject a = source("p.A", "package p;", "@io.arenagen.Struct", "record A(long x, B b) {}");
        JavaFileObject b = source("p.B", "package p;", "@io.arenagen.Struct", "record B(int y,", "        A a) {}");
        Compilation compilation = compileFailing(self, a, b);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[ArenaStructCycle] component next of @Struct record Self makes the "
                + "struct contain itself by value (Self -> Self), which would make it infinitely large; store an offset "
                + "or an index (long) instead").inFile(self).onLine(3).atColumn(26);
        assertThat(compilation).hadErrorContaining("[ArenaStructCycle] component a of @Struct record B makes the struct "
                + "contain itself by value (A -> B -> A)").inFile(b).onLine(4).atColumn(11);
    }

    @Test
    void sizeBeyondALongIsReportedOnTheComponentThatOverflows() {
        // Level 0 is 2^34 - 8 bytes and each level holds 16 of the one below: level 7 is just under 2^62, so the
        // third component of level 8 passes 2^63. Levels 0 to 7 are valid and generated.
        List<JavaFileObject> sources = new ArrayList<>();
        sources.add(source("p.L0", "package p;", "@io.arenagen.Struct",
                "record L0(@io.arenagen.Length(2147483647) long[] values) {}"));
        for (int level = 1; level <= 8; level++) {
            List<String> components = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                components.add("L" + (level - 1) + " c" + i);
            }
            sources.add(source("p.L" + level, "package p;", "@io.arenagen.Struct",
                    "record L" + level + "(" + String.join(", ", components) + ") {}"));
        }
        Compilation compilation = ArenaCompilation.compile(sources.toArray(JavaFileObject[]::new));
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaStructSizeOverflow] component c2 of @Struct record L8 makes "
                + "the struct larger than 9223372036854775807 bytes; use shorter arrays or fewer nested structs");
    }

    @Test
    void anInvalidNestedStructFailsItsContainersWithoutMoreErrors() {
        JavaFileObject inner = source("p.Inner", "package p;", "@io.arenagen.Struct", "record Inner(String s) {}");
        JavaFileObject outer = source("p.Outer", "package p;", "@io.arenagen.Struct", "record Outer(Inner inner) {}");
        Compilation compilation = compileFailing(outer, inner);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("component s of @Struct record Inner has type String").inFile(inner);
    }
}

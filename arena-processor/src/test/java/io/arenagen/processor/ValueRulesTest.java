package io.arenagen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.arenagen.processor.ArenaCompilation.compileFailing;

import com.google.testing.compile.Compilation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One test per rule on {@code count} and {@code sizes}: each error carries the runtime's message
 * (stable tag first), sits on the exact value (line and column), and nothing is generated
 * ({@link ArenaCompilation#compileFailing} checks that).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ValueRulesTest {

    /** A file whose annotation spans lines 4.. (one line of {@code annotation} each); the interface follows. */
    private static JavaFileObject arena(String... annotation) {
        List<String> lines = new ArrayList<>(List.of(
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.runtime.SlabAllocator;"));
        lines.addAll(List.of(annotation));
        lines.add("public interface Bad extends SlabAllocator {}");
        return ArenaCompilation.source("p.Bad", lines.toArray(String[]::new));
    }

    @Test
    void confinedSharedMemoryArenaIsReportedOnConfined() {
        JavaFileObject source = ArenaCompilation.source("p.Bad",
                "package p;",
                "import io.arenagen.Arena;",
                "import io.arenagen.Backend;",
                "import io.arenagen.runtime.SlabAllocator;",
                "@Arena(count = 4, sizes = {64}, backend = Backend.SHM,",
                "       confined = true)",
                "public interface Bad extends SlabAllocator {}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaConfinedSharedMemory] confined = true on a shared-memory "
                + "arena: other processes use its pools").inFile(source).onLine(6).atColumn(19);
    }

    @Test
    void countZeroIsReportedOnCount() {
        JavaFileObject source = arena(
                "@Arena(sizes = {64},",
                "       count = 0)");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaCountOutOfRange] count = 0 is out of range: a pool holds 1 .. "
                + "4294967295 chunks").inFile(source).onLine(5).atColumn(16);
    }

    @Test
    void countAboveUint32MaxIsReportedOnCount() {
        JavaFileObject source = arena("@Arena(count = 4_294_967_296L, sizes = {64})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaCountOutOfRange] count = 4294967296 is out of range")
                .inFile(source).onLine(4).atColumn(16);
    }

    @Test
    void negativeCountIsReportedOnCount() {
        JavaFileObject source = arena("@Arena(count = -1, sizes = {64})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorContaining("[ArenaCountOutOfRange] count = -1 is out of range")
                .inFile(source).onLine(4);
    }

    @Test
    void emptySizesIsReportedOnSizes() {
        JavaFileObject source = arena(
                "@Arena(count = 8,",
                "       sizes = {})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaSizesEmpty] sizes is empty: an arena needs at least one pool")
                .inFile(source).onLine(5).atColumn(16);
    }

    @Test
    void sizeNotPowerOfTwoIsReportedOnThatEntry() {
        JavaFileObject source = arena(
                "@Arena(count = 8, sizes = {",
                "        64,",
                "        100})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(
                "[ArenaSizeNotPowerOfTwo] sizes[1] = 100 is not a power of two (nearest: 64 or 128)")
                .inFile(source).onLine(6).atColumn(9);
    }

    @Test
    void sizeNotMultipleOfSixteenIsReportedOnThatEntry() {
        JavaFileObject source = arena(
                "@Arena(count = 8, sizes = {",
                "        8,",
                "        64})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaSizeNotAligned] sizes[0] = 8 is not a multiple of 16")
                .inFile(source).onLine(5).atColumn(9);
    }

    @Test
    void descendingSizeIsReportedOnTheSmallerEntry() {
        JavaFileObject source = arena(
                "@Arena(count = 8, sizes = {",
                "        64,",
                "        32})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaSizesNotAscending] sizes[1] = 32 is smaller than sizes[0] = 64: "
                + "sizes must be strictly ascending; sort them").inFile(source).onLine(6).atColumn(9);
    }

    @Test
    void repeatedSizeIsReportedOnTheRepeat() {
        JavaFileObject source = arena(
                "@Arena(count = 8, sizes = {",
                "        64,",
                "        64})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaSizesNotAscending] sizes[1] = 64 repeats sizes[0] = 64")
                .inFile(source).onLine(6).atColumn(9);
    }

    @Test
    void footprintOverflowIsReportedOnSizes() {
        JavaFileObject source = arena(
                "@Arena(count = 4_294_967_295L,",
                "       sizes = {16, 1L << 40})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaFootprintOverflow] count = 4294967295 with sizes = "
                + "[16, 1099511627776] needs more than 9223372036852678656 bytes").inFile(source).onLine(5).atColumn(16);
    }

    @Test
    void footprintWhosePageRoundedSizeOverflowsIsReportedOnSizes() {
        StringBuilder sizes = new StringBuilder();
        for (int shift = 13; shift <= 62; shift++) {
            sizes.append(shift == 13 ? "" : ", ").append("1L << ").append(shift);
        }
        JavaFileObject source = arena(
                "@Arena(count = 1,",
                "       sizes = {" + sizes + "})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[ArenaFootprintOverflow] count = 1 with sizes = [8192, 16384, ")
                .inFile(source).onLine(5).atColumn(16);
        assertThat(compilation).hadErrorContaining("rounded up to whole 2 MiB pages still fits in a long");
    }

    @Test
    void everyBadValueGetsItsOwnError() {
        JavaFileObject source = arena(
                "@Arena(count = 0, sizes = {",
                "        100,",
                "        8,",
                "        8})");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(6);
        assertThat(compilation).hadErrorContaining("[ArenaCountOutOfRange]").inFile(source).onLine(4).atColumn(16);
        assertThat(compilation).hadErrorContaining("[ArenaSizeNotPowerOfTwo] sizes[0] = 100").inFile(source).onLine(5);
        assertThat(compilation).hadErrorContaining("[ArenaSizeNotAligned] sizes[1] = 8").inFile(source).onLine(6);
        assertThat(compilation).hadErrorContaining("[ArenaSizesNotAscending] sizes[1] = 8 is smaller than sizes[0] = 100")
                .inFile(source).onLine(6);
        assertThat(compilation).hadErrorContaining("[ArenaSizeNotAligned] sizes[2] = 8").inFile(source).onLine(7);
        assertThat(compilation).hadErrorContaining("[ArenaSizesNotAscending] sizes[2] = 8 repeats").inFile(source).onLine(7);
    }

    @Test
    void badTargetAndBadValuesAreAllReported() {
        JavaFileObject source = ArenaCompilation.source("p.Bad",
                "package p;",
                "import io.arenagen.Arena;",
                "@Arena(count = 8, sizes = {24})",
                "public class Bad {}");
        Compilation compilation = compileFailing(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("[ArenaNotInterface]").inFile(source).onLine(4);
        assertThat(compilation).hadErrorContaining("[ArenaSizeNotPowerOfTwo] sizes[0] = 24").inFile(source).onLine(3);
    }

    @Test
    void errorsAreErrorsNotWarnings() {
        Compilation compilation = compileFailing(arena("@Arena(count = 8, sizes = {100})"));
        assertThat(compilation.diagnostics().stream()
                .filter(d -> d.getMessage(null).contains("[ArenaSizeNotPowerOfTwo]"))
                .map(Diagnostic::getKind)
                .toList()).containsExactly(Diagnostic.Kind.ERROR);
    }
}

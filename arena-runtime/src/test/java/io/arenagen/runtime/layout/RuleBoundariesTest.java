package io.arenagen.runtime.layout;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact edges of {@link ArenaRules} and the value behaviour of {@link ArenaLayout}: what the
 * reliability work relies on when it reads configurations back from untrusted memory (a value one
 * past a limit must be refused, the limit itself accepted).
 */
class RuleBoundariesTest {

    private static List<Rule> rules(long count, long... sizes) {
        return ArenaRules.check(count, sizes).stream().map(RuleViolation::rule).toList();
    }

    @Test
    void countLimits() {
        assertEquals(List.of(Rule.COUNT_OUT_OF_RANGE), rules(0, 16));
        assertEquals(List.of(), rules(1, 16));
        assertEquals(List.of(), rules(ArenaRules.MAX_COUNT, 16));
        assertEquals(List.of(Rule.COUNT_OUT_OF_RANGE), rules(ArenaRules.MAX_COUNT + 1, 16));
        RuleViolation violation = ArenaRules.check(0, new long[] {16}).get(0);
        assertEquals(RuleViolation.WHOLE_CONFIGURATION, violation.sizeIndex());
        assertFalse(violation.isAboutSize());
        assertTrue(violation.message().startsWith("[ArenaCountOutOfRange] count = 0 is out of range"), violation.message());
    }

    @Test
    void sizeLimits() {
        assertEquals(List.of(Rule.SIZES_EMPTY), rules(1));
        assertEquals(List.of(Rule.SIZES_EMPTY), ArenaRules.check(1, null).stream().map(RuleViolation::rule).toList());
        assertEquals(List.of(Rule.SIZE_NOT_POWER_OF_TWO), rules(1, 0));
        assertEquals(List.of(Rule.SIZE_NOT_POWER_OF_TWO), rules(1, -16));
        assertEquals(List.of(Rule.SIZE_NOT_ALIGNED), rules(1, 8));
        assertEquals(List.of(), rules(1, 16));
        assertEquals(List.of(Rule.SIZES_NOT_ASCENDING), rules(1, 32, 32));
        assertEquals(List.of(Rule.SIZES_NOT_ASCENDING), rules(1, 64, 32));
        assertEquals(List.of(), rules(1, 32, 64));
        RuleViolation repeat = ArenaRules.check(1, new long[] {32, 32}).get(0);
        assertEquals(1, repeat.sizeIndex());
        assertTrue(repeat.isAboutSize());
        assertEquals("[ArenaSizesNotAscending] sizes[1] = 32 repeats sizes[0] = 32: sizes must be strictly ascending; "
                + "remove the repeat", repeat.message());
        assertTrue(ArenaRules.check(1, new long[] {64, 32}).get(0).message().endsWith("is smaller than sizes[0] = 64: "
                + "sizes must be strictly ascending; sort them"));
    }

    @Test
    void nearestPowersOfTwoAtEveryRange() {
        assertEquals("nearest: 16", ArenaRules.nearestPowersOfTwo(15));
        assertEquals("nearest: 16 or 32", ArenaRules.nearestPowersOfTwo(16 + 1));
        assertEquals("nearest: 64 or 128", ArenaRules.nearestPowersOfTwo(100));
        assertEquals("nearest: " + (1L << 62), ArenaRules.nearestPowersOfTwo(Long.MAX_VALUE));
        assertEquals("nearest: " + (1L << 61) + " or " + (1L << 62), ArenaRules.nearestPowersOfTwo((1L << 62) - 1));
        assertEquals("[ArenaSizeNotPowerOfTwo] sizes[0] = 100 is not a power of two (nearest: 64 or 128)",
                ArenaRules.check(1, new long[] {100}).get(0).message());
    }

    @Test
    void footprintJustFitsOrOverflows() {
        long fits = (Long.MAX_VALUE - 128) / 16;
        assertEquals(List.of(Rule.COUNT_OUT_OF_RANGE), rules(fits, 16), "count is the limit here, not the footprint");
        long size = 1L << 62;
        assertEquals(List.of(), rules(1, size), "128 + 2^62 fits");
        assertEquals(List.of(Rule.FOOTPRINT_OVERFLOW), rules(2, size));
        assertEquals(List.of(Rule.FOOTPRINT_OVERFLOW), rules(3, 1L << 60, 1L << 61), "the sum overflows, no pool alone");
        assertEquals(List.of(), rules(3, 1L << 61), "3 x 2^61 alone fits");
        assertEquals(List.of(Rule.SIZE_NOT_POWER_OF_TWO, Rule.FOOTPRINT_OVERFLOW), rules(2, -1, size),
                "a bad size is skipped, the rest still summed");
    }

    @Test
    void requireValidListsEveryViolationOnItsOwnLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArenaRules.requireValid(0, new long[] {100, 8}));
        String[] lines = e.getMessage().split("\n");
        assertEquals(4, lines.length, e.getMessage());
        assertTrue(lines[0].startsWith("[ArenaCountOutOfRange]"));
        assertTrue(lines[1].startsWith("[ArenaSizeNotPowerOfTwo] sizes[0] = 100"));
        assertTrue(lines[2].startsWith("[ArenaSizeNotAligned] sizes[1] = 8"));
        assertTrue(lines[3].startsWith("[ArenaSizesNotAscending] sizes[1] = 8"));
        ArenaRules.requireValid(1, new long[] {16});
        assertThrows(IllegalArgumentException.class, () -> ArenaLayout.of(3, 48));
    }

    @Test
    void violationsAreCheckedValues() {
        assertThrows(IllegalArgumentException.class, () -> new RuleViolation(Rule.SIZES_EMPTY, -2, "m"));
        assertEquals("ArenaFootprintOverflow", Rule.FOOTPRINT_OVERFLOW.tag());
    }

    @Test
    void layoutsAreValues() {
        ArenaLayout a = ArenaLayout.of(3, 16, 64);
        assertEquals(a, ArenaLayout.of(3, 16, 64));
        assertEquals(a.hashCode(), ArenaLayout.of(3, 16, 64).hashCode());
        assertNotEquals(a, ArenaLayout.of(4, 16, 64));
        assertNotEquals(a, ArenaLayout.of(3, 16, 128));
        assertNotEquals(a.hashCode(), ArenaLayout.of(4, 16, 64).hashCode());
        assertNotEquals(a.hashCode(), ArenaLayout.of(3, 16, 128).hashCode());
        assertNotEquals(a, "layout");
        assertEquals("ArenaLayout[count=3, sizes=[16, 64], totalSize=496]", a.toString());
        long[] sizes = a.sizes();
        sizes[0] = 32;
        assertArrayEquals(new long[] {16, 64}, a.sizes(), "sizes() is a copy");
        assertEquals(4096, ArenaLayout.roundUpToPage(1, 4096));
        assertEquals(4096, ArenaLayout.roundUpToPage(4096, 4096));
        assertEquals(8192, ArenaLayout.roundUpToPage(4097, 4096));
        assertEquals(0, ArenaLayout.roundUpToPage(0, 4096));
        assertEquals(-1, a.poolOf(a.chunksOffset(0) - 1));
        assertEquals(0, a.poolOf(a.chunksOffset(0)));
        assertEquals(1, a.poolOf(a.chunksOffset(1)));
        assertEquals(1, a.poolOf(a.chunksEnd(1) - 1));
        assertEquals(-1, a.poolOf(a.chunksEnd(1)));
    }
}

package io.arenagen.runtime.layout;

import io.arenagen.runtime.SlabArenas;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every configuration rule with its exact message: the processor reuses these rules for its
 * compile errors, so the wording is part of the contract.
 */
class ArenaRulesTest {

    private static final String COUNT_RANGE = " is out of range: a pool holds 1 .. 4294967295 chunks "
            + "(the free-list index is 32-bit); use a count in that range";

    @Test
    void countZeroIsOutOfRange() {
        assertOnly(Rule.COUNT_OUT_OF_RANGE, RuleViolation.WHOLE_CONFIGURATION,
                "[ArenaCountOutOfRange] count = 0" + COUNT_RANGE, 0, 64);
    }

    @Test
    void negativeCountIsOutOfRange() {
        assertOnly(Rule.COUNT_OUT_OF_RANGE, RuleViolation.WHOLE_CONFIGURATION,
                "[ArenaCountOutOfRange] count = -1" + COUNT_RANGE, -1, 64);
    }

    @Test
    void countAboveUint32MaxIsOutOfRange() {
        assertOnly(Rule.COUNT_OUT_OF_RANGE, RuleViolation.WHOLE_CONFIGURATION,
                "[ArenaCountOutOfRange] count = 4294967296" + COUNT_RANGE, 4_294_967_296L, 16);
    }

    @Test
    void countAtUint32MaxAndOneAreValid() {
        assertEquals(List.of(), ArenaRules.check(4_294_967_295L, new long[] {16}));
        assertEquals(List.of(), ArenaRules.check(1, new long[] {16}));
        assertEquals(ArenaRules.MAX_COUNT, 4_294_967_295L);
    }

    @Test
    void emptyAndNullSizesAreRejected() {
        String message = "[ArenaSizesEmpty] sizes is empty: an arena needs at least one pool; "
                + "list chunk sizes such as {64, 256, 1024}";
        assertOnly(Rule.SIZES_EMPTY, RuleViolation.WHOLE_CONFIGURATION, message, 8);
        List<RuleViolation> ofNull = ArenaRules.check(8, null);
        assertEquals(List.of(new RuleViolation(Rule.SIZES_EMPTY, RuleViolation.WHOLE_CONFIGURATION, message)), ofNull);
    }

    @Test
    void nonPowerOfTwoNamesTheNearestPowers() {
        assertOnly(Rule.SIZE_NOT_POWER_OF_TWO, 1,
                "[ArenaSizeNotPowerOfTwo] sizes[1] = 100 is not a power of two (nearest: 64 or 128)", 4, 64, 100);
    }

    @Test
    void nonPowerOfTwoAtTheEndsOfTheRangeNamesOnePower() {
        assertOnly(Rule.SIZE_NOT_POWER_OF_TWO, 0,
                "[ArenaSizeNotPowerOfTwo] sizes[0] = 0 is not a power of two (nearest: 16)", 4, 0);
        assertOnly(Rule.SIZE_NOT_POWER_OF_TWO, 0,
                "[ArenaSizeNotPowerOfTwo] sizes[0] = -64 is not a power of two (nearest: 16)", 4, -64);
        assertOnly(Rule.SIZE_NOT_POWER_OF_TWO, 0,
                "[ArenaSizeNotPowerOfTwo] sizes[0] = 12 is not a power of two (nearest: 16)", 4, 12);
        assertOnly(Rule.SIZE_NOT_POWER_OF_TWO, 0, "[ArenaSizeNotPowerOfTwo] sizes[0] = 4611686018427387920"
                + " is not a power of two (nearest: 4611686018427387904)", 1, (1L << 62) + 16);
    }

    @Test
    void powerOfTwoBelowTheAlignmentIsRejected() {
        assertOnly(Rule.SIZE_NOT_ALIGNED, 0, "[ArenaSizeNotAligned] sizes[0] = 8 is not a multiple of 16 "
                + "(the alignment of max_align_t, also room for the free-list link); use 16 or more", 4, 8, 64);
        assertOnly(Rule.SIZE_NOT_ALIGNED, 0, "[ArenaSizeNotAligned] sizes[0] = 1 is not a multiple of 16 "
                + "(the alignment of max_align_t, also room for the free-list link); use 16 or more", 4, 1);
    }

    @Test
    void repeatedSizeIsRejected() {
        assertOnly(Rule.SIZES_NOT_ASCENDING, 1, "[ArenaSizesNotAscending] sizes[1] = 64 repeats sizes[0] = 64: "
                + "sizes must be strictly ascending; remove the repeat", 4, 64, 64);
    }

    @Test
    void descendingSizesAreRejected() {
        assertOnly(Rule.SIZES_NOT_ASCENDING, 2, "[ArenaSizesNotAscending] sizes[2] = 32 is smaller than "
                + "sizes[1] = 256: sizes must be strictly ascending; sort them", 4, 16, 256, 32);
    }

    @Test
    void footprintOverflowIsRejected() {
        assertOnly(Rule.FOOTPRINT_OVERFLOW, RuleViolation.WHOLE_CONFIGURATION, "[ArenaFootprintOverflow] count = "
                + "4294967295 with sizes = [16, 1099511627776] needs more than 9223372036852678656 bytes, the most "
                + "whose size rounded up to whole 2 MiB pages still fits in a long; lower count or the largest sizes",
                4_294_967_295L, 16, 1L << 40);
    }

    /** The sum fits in a long but its page-rounded size does not: mmap and ftruncate would get a negative size. */
    @Test
    void footprintWhosePageRoundedSizeOverflowsIsRejected() {
        long[] sizes = new long[50];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 1L << (13 + i); // 2^13 .. 2^62
        }
        long sum = 50 * 128 + ((1L << 63) - (1L << 13)); // wraps to the true value: 2^63 - 1792 ≤ Long.MAX_VALUE
        assertTrue(sum > 0 && ArenaLayout.roundUpToPage(sum, 4096) < 0, "premise: rounding overflows");
        assertEquals(List.of(Rule.FOOTPRINT_OVERFLOW), rules(ArenaRules.check(1, sizes)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArenaLayout.of(1, sizes));
        assertTrue(e.getMessage().startsWith("[ArenaFootprintOverflow] count = 1 with sizes = [8192, 16384,"),
                e.getMessage());
        assertEquals(Long.MAX_VALUE - (2L << 20) + 1, ArenaRules.MAX_FOOTPRINT, "Long.MAX_VALUE down to 2 MiB pages");
        assertTrue(ArenaLayout.roundUpToPage(ArenaRules.MAX_FOOTPRINT, ArenaRules.LARGEST_PAGE_SIZE) > 0);
    }

    @Test
    void footprintNearTheLimitIsChecked() {
        // 2^61 + 2^62 + 2 headers: absurd as an arena, but representable in a long.
        assertEquals(List.of(), ArenaRules.check(1, new long[] {1L << 61, 1L << 62}));
        // Each product fits (3 x 2^61 < 2^63) and only the sum overflows.
        assertEquals(List.of(Rule.FOOTPRINT_OVERFLOW), rules(ArenaRules.check(3, new long[] {1L << 60, 1L << 61})));
        // The product itself overflows.
        assertEquals(List.of(Rule.FOOTPRINT_OVERFLOW), rules(ArenaRules.check(2, new long[] {1L << 62})));
    }

    @Test
    void severalViolationsAreAllReportedInOrder() {
        long[] sizes = {8, 100, 100, 64};
        List<RuleViolation> violations = ArenaRules.check(0, sizes);
        assertEquals(List.of(Rule.COUNT_OUT_OF_RANGE, Rule.SIZE_NOT_ALIGNED, Rule.SIZE_NOT_POWER_OF_TWO,
                Rule.SIZE_NOT_POWER_OF_TWO, Rule.SIZES_NOT_ASCENDING, Rule.SIZES_NOT_ASCENDING), rules(violations));
        assertEquals(List.of(-1, 0, 1, 2, 2, 3), violations.stream().map(RuleViolation::sizeIndex).toList());
        assertEquals("[ArenaSizesNotAscending] sizes[3] = 64 is smaller than sizes[2] = 100: "
                + "sizes must be strictly ascending; sort them", violations.get(5).message());

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ArenaRules.requireValid(0, sizes));
        assertEquals(String.join("\n", violations.stream().map(RuleViolation::message).toList()),
                thrown.getMessage());
    }

    @Test
    void everyMessageStartsWithItsStableTag() {
        assertEquals("ArenaCountOutOfRange", Rule.COUNT_OUT_OF_RANGE.tag());
        assertEquals("ArenaSizesEmpty", Rule.SIZES_EMPTY.tag());
        assertEquals("ArenaSizeNotPowerOfTwo", Rule.SIZE_NOT_POWER_OF_TWO.tag());
        assertEquals("ArenaSizeNotAligned", Rule.SIZE_NOT_ALIGNED.tag());
        assertEquals("ArenaSizesNotAscending", Rule.SIZES_NOT_ASCENDING.tag());
        assertEquals("ArenaFootprintOverflow", Rule.FOOTPRINT_OVERFLOW.tag());
        List<RuleViolation> all = new ArrayList<>(ArenaRules.check(-5, new long[] {8, 100, 100, 64}));
        all.addAll(ArenaRules.check(5, new long[0]));
        all.addAll(ArenaRules.check(4_294_967_295L, new long[] {16, 1L << 40}));
        all.add(StructRules.checkFits("Order", 65, new long[] {16, 64}).orElseThrow());
        assertEquals(Rule.values().length, all.stream().map(RuleViolation::rule).distinct().count());
        for (RuleViolation violation : all) {
            assertTrue(violation.message().startsWith("[" + violation.rule().tag() + "] "), violation.message());
        }
    }

    @Test
    void validConfigurationPasses() {
        assertEquals(List.of(), ArenaRules.check(128, new long[] {64, 256, 1024}));
        ArenaRules.requireValid(128, new long[] {16, 32, 1L << 30});
    }

    @Test
    void runtimeArenasThrowTheSameText() {
        long[] sizes = {64, 100};
        String expected = ArenaRules.check(4, sizes).getFirst().message();
        IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.local(4, sizes));
        assertEquals("[ArenaSizeNotPowerOfTwo] sizes[1] = 100 is not a power of two (nearest: 64 or 128)",
                local.getMessage());
        assertEquals(expected, local.getMessage());
        IllegalArgumentException several = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.local(0, 8, 8));
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> ArenaRules.requireValid(0, new long[] {8, 8}));
        assertEquals(direct.getMessage(), several.getMessage());
        // count, then sizes[0] and sizes[1] not aligned, then sizes[1] repeats sizes[0]
        assertEquals(4, several.getMessage().lines().count());
    }

    @Test
    void sharedArenasValidateBeforeTouchingSharedMemory() {
        String name = "/ag-rules-" + ProcessHandle.current().pid();
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> SlabArenas.shared(name, 0, 64));
        assertEquals("[ArenaCountOutOfRange] count = 0" + COUNT_RANGE, thrown.getMessage());
        assertTrue(Files.notExists(Path.of("/dev/shm", name.substring(1))),
                "a rejected configuration must not create " + name);
    }

    private static void assertOnly(Rule rule, int sizeIndex, String message, long count, long... sizes) {
        assertEquals(List.of(new RuleViolation(rule, sizeIndex, message)), ArenaRules.check(count, sizes));
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ArenaLayout.of(count, sizes));
        assertEquals(message, thrown.getMessage());
    }

    private static List<Rule> rules(List<RuleViolation> violations) {
        return violations.stream().map(RuleViolation::rule).toList();
    }
}

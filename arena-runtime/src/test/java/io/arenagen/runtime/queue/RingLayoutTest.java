package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The layout arithmetic and the rules, value by value, with the exact words of the messages. */
final class RingLayoutTest {

    @Test
    void longSlotsAsTheCompilerPlacesThem() {
        RingLayout spsc = RingLayout.ofLongs(RingPolicy.SPSC, 16);
        assertEquals(8, spsc.slotSize());
        assertEquals(0, spsc.dataOffset());
        assertEquals(192 + 16 * 8, spsc.totalSize());
        assertEquals(192 + 3 * 8, spsc.slotOffset(3));
        assertEquals(15, spsc.mask());
        RingLayout mpsc = RingLayout.ofLongs(RingPolicy.MPSC, 16);
        assertEquals(64, mpsc.slotSize());
        assertEquals(8, mpsc.dataOffset());
        assertEquals(192 + 16 * 64, mpsc.totalSize());
        assertEquals(4096, mpsc.mappedSize(4096));
        assertEquals(8192, RingLayout.ofLongs(RingPolicy.MPMC, 64).mappedSize(4096));
    }

    @Test
    void structSlotsFollowTheCxxPaddingFormula() {
        // 56-byte element: 8 + 56 = 64, no padding, one line per slot.
        assertEquals(64, RingLayout.of(RingPolicy.MPMC, 4, 56, 8).slotSize());
        // 57..120 bytes: padding to the next 64 after 8 + size.
        assertEquals(128, RingLayout.of(RingPolicy.MPMC, 4, 64, 8).slotSize());
        // 16-aligned 48-byte element: data at 16, padding (64 - 56 % 64) % 64 = 8 counted from 8 + size,
        // so 16 + 48 + 8 = 72, rounded up to the slot's alignment: 128.
        RingLayout aligned = RingLayout.of(RingPolicy.MPSC, 4, 48, 16);
        assertEquals(16, aligned.dataOffset());
        assertEquals(128, aligned.slotSize());
        assertEquals(24, RingLayout.of(RingPolicy.SPSC, 4, 24, 8).slotSize());
        assertEquals("MPSC, capacity=4, element=48 B aligned to 16", aligned.describe());
        assertEquals("SPSC, capacity=4, element=24 B aligned to 8", RingLayout.of(RingPolicy.SPSC, 4, 24, 8).describe());
        assertEquals("SPSC, capacity=4, element=16 B", RingLayout.of(RingPolicy.SPSC, 4, 16, 16).describe());
    }

    @Test
    void capacityNotAPowerOfTwoSaysWhatCxxWouldRoundItTo() {
        List<RingViolation> violations = RingRules.check(RingPolicy.MPSC, 100, 8, 8);
        assertEquals(1, violations.size());
        assertEquals(RingRule.CAPACITY_NOT_POWER_OF_TWO, violations.get(0).rule());
        assertEquals("[ArenaRingCapacityNotPowerOfTwo] capacity = 100 is not a power of two; the C++ BasicQueue would "
                + "silently round it up to 128, so a C++ peer would see another queue. Declare capacity = 128 "
                + "(or 64)", violations.get(0).message());
        assertEquals("[ArenaRingCapacityNotPowerOfTwo] capacity = 3 is not a power of two; the C++ BasicQueue would "
                + "silently round it up to 4, so a C++ peer would see another queue. Declare capacity = 4 (or 2)",
                RingRules.check(RingPolicy.MPMC, 3, 8, 8).get(0).message());
        // 3 rounds down to 2, which SPSC allows but not below the minimum.
        assertTrue(RingRules.check(RingPolicy.SPSC, 3, 8, 8).get(0).message().endsWith("capacity = 4 (or 2)"));
    }

    @Test
    void capacityBelowTheMinimum() {
        assertEquals(List.of(), RingRules.check(RingPolicy.SPSC, 1, 8, 8));
        RingViolation one = RingRules.check(RingPolicy.MPMC, 1, 8, 8).get(0);
        assertEquals(RingRule.CAPACITY_TOO_SMALL, one.rule());
        assertTrue(one.message().startsWith("[ArenaRingCapacityTooSmall] capacity = 1 is below 2 for MPMC: a slot with "
                + "a sequence word needs at least 2 slots"), one.message());
        assertTrue(one.message().endsWith("; use capacity = 2 or more"), one.message());
        assertEquals("[ArenaRingCapacityTooSmall] capacity = 0 is below 1 for SPSC; use capacity = 1 or more",
                RingRules.check(RingPolicy.SPSC, 0, 8, 8).get(0).message());
        assertEquals(RingRule.CAPACITY_TOO_SMALL, RingRules.check(RingPolicy.SPSC, -4, 8, 8).get(0).rule());
        assertEquals(List.of(), RingRules.check(RingPolicy.MPSC, 2, 8, 8));
    }

    @Test
    void elementShape() {
        for (long[] shape : new long[][] {{0, 8}, {8, 0}, {12, 8}, {24, 24}, {128, 128}, {-8, 8}}) {
            List<RingViolation> violations = RingRules.check(RingPolicy.SPSC, 4, shape[0], shape[1]);
            assertEquals(1, violations.size(), shape[0] + "/" + shape[1]);
            assertEquals(RingRule.ELEMENT_SHAPE, violations.get(0).rule());
        }
        assertEquals("[ArenaRingElementShape] element of 12 bytes aligned to 8 cannot be a C++ element: the size must "
                + "be a positive multiple of the alignment, a power of two of at most 64",
                RingRules.check(RingPolicy.SPSC, 4, 12, 8).get(0).message());
        assertEquals(List.of(), RingRules.check(RingPolicy.SPSC, 4, 64, 64));
        assertEquals(List.of(), RingRules.check(RingPolicy.SPSC, 4, 1, 1));
    }

    @Test
    void footprintOverflowAndEveryViolationAtOnce() {
        RingViolation overflow = RingRules.check(RingPolicy.MPMC, 1L << 58, 8, 8).get(0);
        assertEquals(RingRule.FOOTPRINT_OVERFLOW, overflow.rule());
        assertTrue(overflow.message().startsWith("[ArenaRingFootprintOverflow] capacity = 288230376151711744 of MPMC "
                + "slots of 64 bytes needs more than "), overflow.message());
        assertEquals(RingRule.FOOTPRINT_OVERFLOW, RingRules.check(RingPolicy.SPSC, 1L << 62, 8, 8).get(0).rule());
        assertEquals(List.of(), RingRules.check(RingPolicy.SPSC, 1L << 40, 8, 8));
        List<RingViolation> both = RingRules.check(RingPolicy.MPSC, 6, 12, 8);
        assertEquals(List.of(RingRule.CAPACITY_NOT_POWER_OF_TWO, RingRule.ELEMENT_SHAPE),
                both.stream().map(RingViolation::rule).toList());
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> RingLayout.of(RingPolicy.MPSC, 6, 12, 8));
        assertEquals(both.get(0).message() + "\n" + both.get(1).message(), thrown.getMessage());
        assertThrows(NullPointerException.class, () -> RingLayout.ofLongs(null, 4));
        assertThrows(NullPointerException.class, () -> new RingViolation(null, "x"));
        assertThrows(NullPointerException.class, () -> new RingViolation(RingRule.ELEMENT_SHAPE, null));
    }

    @Test
    void policiesAndEquality() {
        assertEquals(RingPolicy.MPMC, RingPolicy.ofCode(3));
        assertEquals(RingPolicy.SPSC, RingPolicy.ofCode(1));
        assertNull(RingPolicy.ofCode(0));
        assertNull(RingPolicy.ofCode(4));
        assertEquals(RingLayout.ofLongs(RingPolicy.MPSC, 8), RingLayout.of(RingPolicy.MPSC, 8, 8, 8));
        assertEquals(RingLayout.ofLongs(RingPolicy.MPSC, 8).hashCode(), RingLayout.of(RingPolicy.MPSC, 8, 8, 8).hashCode());
        assertNotEquals(RingLayout.ofLongs(RingPolicy.MPSC, 8), RingLayout.ofLongs(RingPolicy.MPMC, 8));
        assertNotEquals(RingLayout.ofLongs(RingPolicy.MPSC, 8).hashCode(), RingLayout.ofLongs(RingPolicy.MPSC, 16).hashCode());
        assertNotEquals(RingLayout.ofLongs(RingPolicy.MPSC, 8), RingLayout.ofLongs(RingPolicy.MPSC, 16));
        assertNotEquals(RingLayout.of(RingPolicy.SPSC, 8, 16, 8), RingLayout.of(RingPolicy.SPSC, 8, 16, 16));
        assertNotEquals(RingLayout.of(RingPolicy.SPSC, 8, 16, 8), RingLayout.of(RingPolicy.SPSC, 8, 32, 8));
        assertNotEquals(RingLayout.ofLongs(RingPolicy.MPSC, 8), "MPSC");
        assertEquals("RingLayout[MPSC, capacity=8, element=8 B, slotSize=64, totalSize=704]",
                RingLayout.ofLongs(RingPolicy.MPSC, 8).toString());
        assertEquals("ArenaRingCapacityTooSmall", RingRule.CAPACITY_TOO_SMALL.tag());
    }
}

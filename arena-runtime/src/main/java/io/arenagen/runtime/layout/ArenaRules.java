package io.arenagen.runtime.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The configuration rules of an arena, checked in one place for the annotation processor and for
 * {@code SlabArenas}: {@code count} in {@code 1 ..} {@value #MAX_COUNT}; {@code sizes} non-empty,
 * powers of two, multiples of {@value #ALIGNMENT}, strictly ascending; footprint, rounded up to
 * whole pages of the largest size arenagen maps with, within a {@code long}.
 */
public final class ArenaRules {

    /**
     * Largest {@code count}, UINT32_MAX: chunks are indexed {@code 0 .. 0xFFFFFFFE} by the 32-bit
     * free-list index, and {@code 0xFFFFFFFF} marks the empty list.
     */
    public static final long MAX_COUNT = 0xFFFF_FFFFL;

    /** Every chunk size is a multiple of this: the alignment of {@code max_align_t} on x86-64. */
    public static final long ALIGNMENT = 16;

    /**
     * The largest page an arena is mapped with (2 MiB huge pages; base pages are 4 to 64 KiB): the
     * mapping is the footprint rounded up to it, so that rounded size must still fit in a {@code long}.
     */
    public static final long LARGEST_PAGE_SIZE = 2L << 20;

    /** The largest footprint whose page-rounded size fits in a {@code long} (and so in mmap and ftruncate). */
    public static final long MAX_FOOTPRINT = Long.MAX_VALUE & -LARGEST_PAGE_SIZE;

    private ArenaRules() {
    }

    /**
     * Every rule that {@code count} and {@code sizes} break, in order: count first, then each size in
     * index order. An empty list means the configuration is valid.
     */
    public static List<RuleViolation> check(long count, long[] sizes) {
        List<RuleViolation> violations = new ArrayList<>();
        if (count < 1 || count > MAX_COUNT) {
            violations.add(new RuleViolation(Rule.COUNT_OUT_OF_RANGE, RuleViolation.WHOLE_CONFIGURATION,
                    Rule.COUNT_OUT_OF_RANGE.format("count = " + count + " is out of range: a pool holds 1 .. "
                            + MAX_COUNT + " chunks (the free-list index is 32-bit); use a count in that range")));
        }
        if (sizes == null || sizes.length == 0) {
            violations.add(new RuleViolation(Rule.SIZES_EMPTY, RuleViolation.WHOLE_CONFIGURATION,
                    Rule.SIZES_EMPTY.format("sizes is empty: an arena needs at least one pool; "
                            + "list chunk sizes such as {64, 256, 1024}")));
            return List.copyOf(violations);
        }
        for (int i = 0; i < sizes.length; i++) {
            long size = sizes[i];
            if (size <= 0 || Long.bitCount(size) != 1) {
                violations.add(sizeViolation(Rule.SIZE_NOT_POWER_OF_TWO, i, size
                        + " is not a power of two (" + nearestPowersOfTwo(size) + ")"));
            } else if (size % ALIGNMENT != 0) {
                violations.add(sizeViolation(Rule.SIZE_NOT_ALIGNED, i, size + " is not a multiple of " + ALIGNMENT
                        + " (the alignment of max_align_t, also room for the free-list link); use "
                        + ALIGNMENT + " or more"));
            }
            if (i > 0 && size <= sizes[i - 1]) {
                String relation = size == sizes[i - 1] ? "repeats" : "is smaller than";
                violations.add(sizeViolation(Rule.SIZES_NOT_ASCENDING, i, size + " " + relation + " sizes["
                        + (i - 1) + "] = " + sizes[i - 1] + ": sizes must be strictly ascending; "
                        + (size == sizes[i - 1] ? "remove the repeat" : "sort them")));
            }
        }
        if (count >= 1 && count <= MAX_COUNT && footprintOverflows(count, sizes)) {
            violations.add(new RuleViolation(Rule.FOOTPRINT_OVERFLOW, RuleViolation.WHOLE_CONFIGURATION,
                    Rule.FOOTPRINT_OVERFLOW.format("count = " + count + " with sizes = " + Arrays.toString(sizes)
                            + " needs more than " + MAX_FOOTPRINT + " bytes, the most whose size rounded up to "
                            + "whole 2 MiB pages still fits in a long; lower count or the largest sizes")));
        }
        return List.copyOf(violations);
    }

    /**
     * Throws {@link IllegalArgumentException} listing every violation, one per line, if the
     * configuration is not valid.
     */
    public static void requireValid(long count, long[] sizes) {
        List<RuleViolation> violations = check(count, sizes);
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder();
            for (RuleViolation violation : violations) {
                if (!message.isEmpty()) {
                    message.append('\n');
                }
                message.append(violation.message());
            }
            throw new IllegalArgumentException(message.toString());
        }
    }

    /** {@code "nearest: 64 or 128"}, or the single nearest power of two at the ends of the range. */
    static String nearestPowersOfTwo(long size) {
        if (size < ALIGNMENT) {
            return "nearest: " + ALIGNMENT;
        }
        long below = Long.highestOneBit(size);
        if (below == Long.highestOneBit(Long.MAX_VALUE)) {
            return "nearest: " + below;
        }
        return "nearest: " + below + " or " + (below << 1);
    }

    private static RuleViolation sizeViolation(Rule rule, int index, String what) {
        return new RuleViolation(rule, index, rule.format("sizes[" + index + "] = " + what));
    }

    private static boolean footprintOverflows(long count, long[] sizes) {
        long total = 0;
        for (long size : sizes) {
            if (size <= 0) {
                continue; // already reported; a negative size would only hide an overflow
            }
            try {
                total = Math.addExact(total, Math.addExact(PoolHeader.BYTES, Math.multiplyExact(count, size)));
            } catch (ArithmeticException overflow) {
                return true;
            }
        }
        return total > MAX_FOOTPRINT;
    }
}

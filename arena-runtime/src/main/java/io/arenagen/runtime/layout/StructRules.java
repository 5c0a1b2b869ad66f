package io.arenagen.runtime.layout;

import java.util.Optional;

/**
 * The rule for a struct held in an arena, checked in one place for {@code @Arena(holds = ...)} at
 * compile time and for {@code io.arenagen.runtime.Structs} at run time: the struct must fit the
 * largest chunk — the C++ arena's "element type must fit in Size", enforced instead of left to the
 * caller. Alignment needs no check: chunks are 16-byte aligned and a struct's alignment is at most 8.
 */
public final class StructRules {

    private StructRules() {
    }

    /**
     * The violation if a struct of {@code bytes} does not fit the largest of {@code sizes}.
     *
     * @param struct the struct's name as the user wrote it, for example {@code Order}
     * @param bytes the struct's size in bytes
     * @param sizes the arena's chunk sizes, ascending and valid (see {@link ArenaRules})
     * @return the violation, or empty if the struct fits
     */
    public static Optional<RuleViolation> checkFits(String struct, long bytes, long[] sizes) {
        long largest = sizes[sizes.length - 1];
        if (bytes <= largest) {
            return Optional.empty();
        }
        long largestPossible = Long.highestOneBit(Long.MAX_VALUE);
        String fix = bytes > largestPossible ? "make the struct smaller"
                : "add a chunk size of " + Math.max(ArenaRules.ALIGNMENT, Long.highestOneBit(bytes - 1) << 1)
                        + " to sizes, or make the struct smaller";
        return Optional.of(new RuleViolation(Rule.STRUCT_TOO_LARGE, RuleViolation.WHOLE_CONFIGURATION,
                Rule.STRUCT_TOO_LARGE.format("struct " + struct + " is " + bytes + " bytes, larger than the largest chunk ("
                        + largest + " bytes), so no pool can hold it; " + fix)));
    }

    /**
     * The index of the smallest pool whose chunks hold {@code bytes}: where typed allocation starts.
     *
     * @throws IllegalArgumentException with the message of {@link #checkFits} if none does
     */
    public static int firstFittingPool(String struct, long bytes, ArenaLayout layout) {
        for (int pool = 0; pool < layout.poolCount(); pool++) {
            if (bytes <= layout.chunkSize(pool)) {
                return pool;
            }
        }
        throw new IllegalArgumentException(checkFits(struct, bytes, layout.sizes()).orElseThrow().message());
    }
}

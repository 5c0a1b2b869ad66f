package io.arenagen.runtime.queue;

import io.arenagen.runtime.layout.ArenaRules;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a queue configuration, shared by the annotation processor (a compile error on the value)
 * and {@link LongRings} (an {@link IllegalArgumentException} with the same words). Every broken rule is
 * reported, not only the first.
 */
public final class RingRules {

    /** The largest element alignment: a slot is {@code alignas(64)}, a larger alignment would move it. */
    public static final long MAX_ALIGNMENT = 64;

    private RingRules() {
    }

    /**
     * Every rule that {@code capacity} and the element shape break, in a fixed order; empty if none.
     *
     * @param policy the policy
     * @param capacity the number of slots
     * @param elementSize {@code sizeof} the element
     * @param elementAlignment {@code alignof} the element
     */
    public static List<RingViolation> check(RingPolicy policy, long capacity, long elementSize,
                                            long elementAlignment) {
        List<RingViolation> violations = new ArrayList<>();
        long minimum = policy.sequenced() ? 2 : 1;
        if (capacity < minimum) {
            String why = policy.sequenced()
                    ? ": a slot with a sequence word needs at least 2 slots, because with 1 the sequence of a "
                    + "published slot equals the next lap's free mark and the C++ queue overwrites an unread element"
                    : "";
            violations.add(violation(RingRule.CAPACITY_TOO_SMALL, "capacity = " + capacity + " is below "
                    + minimum + " for " + policy + why + "; use capacity = " + minimum + " or more"));
        } else if (Long.bitCount(capacity) != 1) {
            long up = Long.highestOneBit(capacity) << 1;
            long down = Long.highestOneBit(capacity);
            violations.add(violation(RingRule.CAPACITY_NOT_POWER_OF_TWO, "capacity = " + capacity
                    + " is not a power of two; the C++ BasicQueue would silently round it up to " + up
                    + ", so a C++ peer would see another queue. Declare capacity = " + up
                    + (down >= minimum ? " (or " + down + ")" : "")));
        }
        if (elementSize < 1 || elementAlignment < 1 || Long.bitCount(elementAlignment) != 1
                || elementAlignment > MAX_ALIGNMENT || elementSize % elementAlignment != 0) {
            violations.add(violation(RingRule.ELEMENT_SHAPE, "element of " + elementSize + " bytes aligned to "
                    + elementAlignment + " cannot be a C++ element: the size must be a positive multiple of the "
                    + "alignment, a power of two of at most " + MAX_ALIGNMENT));
        } else if (violations.isEmpty() && RingLayout.footprint(policy, capacity, elementSize, elementAlignment) < 0) {
            violations.add(violation(RingRule.FOOTPRINT_OVERFLOW, "capacity = " + capacity + " of " + policy
                    + " slots of " + RingLayout.slotSize(policy, elementSize, elementAlignment)
                    + " bytes needs more than " + ArenaRules.MAX_FOOTPRINT + " bytes; lower the capacity"));
        }
        return violations;
    }

    /**
     * Throws {@link IllegalArgumentException} listing every broken rule, one per line.
     *
     * @throws IllegalArgumentException if any rule is broken
     */
    public static void requireValid(RingPolicy policy, long capacity, long elementSize, long elementAlignment) {
        List<RingViolation> violations = check(policy, capacity, elementSize, elementAlignment);
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder();
            for (RingViolation violation : violations) {
                message.append(message.isEmpty() ? "" : "\n").append(violation.message());
            }
            throw new IllegalArgumentException(message.toString());
        }
    }

    private static RingViolation violation(RingRule rule, String what) {
        return new RingViolation(rule, rule.format(what));
    }
}

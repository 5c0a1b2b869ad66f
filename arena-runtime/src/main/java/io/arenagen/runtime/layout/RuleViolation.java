package io.arenagen.runtime.layout;

import java.util.Objects;

/**
 * A broken rule: which rule, which value ({@link #sizeIndex()} is the index into {@code sizes}, or
 * {@link #WHOLE_CONFIGURATION} when the violation is about {@code count} or the configuration as a
 * whole) and a message that names the value, the rule and the fix.
 *
 * @param rule the rule that is broken
 * @param sizeIndex index of the offending entry of {@code sizes}, or {@link #WHOLE_CONFIGURATION}
 * @param message the full message, starting with {@code [tag]}
 */
public record RuleViolation(Rule rule, int sizeIndex, String message) {

    /** {@link #sizeIndex()} of a violation that is not about one entry of {@code sizes}. */
    public static final int WHOLE_CONFIGURATION = -1;

    /** Checks the components. */
    public RuleViolation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        if (sizeIndex < WHOLE_CONFIGURATION) {
            throw new IllegalArgumentException("sizeIndex = " + sizeIndex + " is below -1");
        }
    }

    /** Whether this violation is about one entry of {@code sizes}. */
    public boolean isAboutSize() {
        return sizeIndex != WHOLE_CONFIGURATION;
    }
}

package io.arenagen.runtime.queue;

import java.util.Objects;

/**
 * One broken rule of a queue configuration: the rule and its tagged message, which names the value,
 * the rule and the fix.
 *
 * @param rule the rule
 * @param message the message, prefixed with the rule's tag
 */
public record RingViolation(RingRule rule, String message) {

    /** Checks that both parts are present. */
    public RingViolation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}

package io.arenagen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The stable tags that start every target error: one per rule, distinct, in the {@code Arena...} family. */
final class TargetRuleTest {

    @Test
    void everyMessageStartsWithItsRulesTagInBrackets() {
        for (TargetRule rule : TargetRule.values()) {
            assertTrue(rule.tag().matches("Arena[A-Z][A-Za-z]+"), rule.tag());
            assertEquals("[" + rule.tag() + "] is broken", rule.message("is broken"));
        }
        assertEquals("[ArenaNotInterface] x", TargetRule.NOT_INTERFACE.message("x"));
        assertEquals("ArenaInaccessibleInterface", TargetRule.INACCESSIBLE.tag());
    }

    @Test
    void tagsAreDistinct() {
        Set<String> tags = Arrays.stream(TargetRule.values()).map(TargetRule::tag).collect(Collectors.toSet());
        assertEquals(TargetRule.values().length, tags.size(), tags.toString());
    }
}

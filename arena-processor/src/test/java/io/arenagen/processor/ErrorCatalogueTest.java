package io.arenagen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.arenagen.processor.ring.RingError;
import io.arenagen.processor.common.ProcessorError;
import io.arenagen.runtime.layout.ErrorTag;
import io.arenagen.runtime.layout.Rule;
import io.arenagen.runtime.queue.RingRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of error tags a user may see: the shared value rules ({@link Rule}) and the
 * processor's own ({@link ProcessorError}). Tags are distinct, in the {@code Arena...} family, start
 * every message in brackets, and the list of tags in docs/errors.md is exactly this catalogue.
 */
final class ErrorCatalogueTest {

    private static Set<String> catalogue() {
        Set<String> tags = new TreeSet<>();
        Stream.<ErrorTag[]>of(Rule.values(), ProcessorError.values(), RingRule.values(), RingError.values())
                .flatMap(Stream::of)
                .forEach(tag -> assertTrue(tags.add(tag.tag()), "duplicate tag " + tag.tag()));
        return tags;
    }

    @Test
    void everyTagIsDistinctAndStartsItsMessages() {
        for (String tag : catalogue()) {
            assertTrue(tag.matches("Arena[A-Z][A-Za-z]+"), tag);
        }
        assertEquals("[ArenaNotInterface] x", ProcessorError.NOT_INTERFACE.format("x"));
        assertEquals("[ArenaSizesEmpty] x", Rule.SIZES_EMPTY.format("x"));
        assertEquals("ArenaInternalError", ProcessorError.INTERNAL_ERROR.tag());
    }

    @Test
    void theReadmeListsExactlyTheCatalogue() throws IOException {
        String readme = Files.readString(Path.of("..", "docs", "errors.md"));
        int start = readme.indexOf("The tags:");
        assertTrue(start >= 0, "docs/errors.md has a paragraph starting with 'The tags:'");
        String paragraph = readme.substring(start, readme.indexOf("\n\n", start));
        Set<String> listed = new TreeSet<>();
        Matcher tag = Pattern.compile("`(Arena[A-Za-z]+)`").matcher(paragraph);
        while (tag.find()) {
            listed.add(tag.group(1));
        }
        assertEquals(catalogue(), listed, "the tags of docs/errors.md");
    }
}

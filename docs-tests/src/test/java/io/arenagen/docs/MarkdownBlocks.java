package io.arenagen.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown page, each with the HTML comment that may stand on the line before its
 * opening fence ({@code <!-- file: pom.xml -->}): the pages mark the blocks that a test takes out of them.
 */
final class MarkdownBlocks {

    /** One fenced block: its language, its text (without the fences) and its marker, if any. */
    record Block(Path page, int line, String language, String text, Optional<String> marker) {

        /** Where the block starts, for messages: {@code docs/structs.md:42}. */
        String where() {
            return page.getFileName() + ":" + line;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^( *)```([A-Za-z0-9]*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");

    private MarkdownBlocks() {
    }

    /** Every fenced block of {@code page}, in order; an unclosed fence fails. */
    static List<Block> of(Path page) {
        List<String> lines;
        try {
            lines = Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                String line = lines.get(i);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
            }
            if (i == lines.size()) {
                throw new AssertionError(page + ":" + (start + 1) + ": a code fence that is never closed");
            }
            Optional<String> marker = Optional.empty();
            if (start > 0) {
                Matcher comment = MARKER.matcher(lines.get(start - 1));
                if (comment.matches()) {
                    marker = Optional.of(comment.group(1));
                }
            }
            blocks.add(new Block(page, start + 1, open.group(2), text.toString(), marker));
        }
        return blocks;
    }
}

package io.arenagen.runtime.stress;

import java.util.HashMap;
import java.util.Map;

/**
 * What one stress worker saw. A clean run has no double hand-out (a chunk claimed while another
 * holder had it, or released by someone who did not hold it) and no corruption (a stamp changed
 * while held, or an offset that is not a chunk's start).
 *
 * @param allocations chunks handed out
 * @param misses requests that got {@code -1} because every fitting pool was empty at that moment
 * @param promoted allocations served by a larger pool than the smallest fitting one
 * @param doubleHandOuts ownership claims or releases that failed
 * @param corruptions stamps found changed, or offsets that are not a chunk's start
 */
record StressReport(long allocations, long misses, long promoted, long doubleHandOuts, long corruptions) {

    static final StressReport NONE = new StressReport(0, 0, 0, 0, 0);

    private static final String PREFIX = "REPORT ";

    boolean clean() {
        return doubleHandOuts == 0 && corruptions == 0;
    }

    StressReport plus(StressReport other) {
        return new StressReport(allocations + other.allocations, misses + other.misses, promoted + other.promoted,
                doubleHandOuts + other.doubleHandOuts, corruptions + other.corruptions);
    }

    /** One line for a child process's stdout, read back by {@link #parse}. */
    String toLine() {
        return PREFIX + "allocations=" + allocations + " misses=" + misses + " promoted=" + promoted
                + " doubleHandOuts=" + doubleHandOuts + " corruptions=" + corruptions;
    }

    /** The report in a line written by {@link #toLine()}. */
    static StressReport parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a report: " + line);
        }
        Map<String, Long> fields = new HashMap<>();
        for (String field : line.substring(PREFIX.length()).split(" ")) {
            String[] pair = field.split("=", 2);
            fields.put(pair[0], Long.parseLong(pair[1]));
        }
        return new StressReport(fields.get("allocations"), fields.get("misses"), fields.get("promoted"),
                fields.get("doubleHandOuts"), fields.get("corruptions"));
    }

    static boolean isReport(String line) {
        return line.startsWith(PREFIX);
    }
}

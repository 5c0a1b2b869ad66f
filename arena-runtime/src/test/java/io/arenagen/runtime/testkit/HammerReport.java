package io.arenagen.runtime.testkit;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one or more {@link Hammer}s saw. A clean run has no double hand-out (a {@link ChunkStamp}
 * claim or release that failed) and no corruption (a fill pattern changed while held, or an offset
 * that is not a fitting chunk's start).
 *
 * @param allocations chunks handed out
 * @param misses requests that got {@code -1} because every fitting pool was empty at that moment
 * @param promoted allocations served by a larger pool than the smallest fitting one
 * @param doubleHandOuts stamp claims or releases that failed
 * @param corruptions patterns found changed, or offsets that are not a fitting chunk's start
 */
public record HammerReport(long allocations, long misses, long promoted, long doubleHandOuts, long corruptions) {

    public static final HammerReport NONE = new HammerReport(0, 0, 0, 0, 0);

    private static final String PREFIX = "REPORT ";

    public boolean clean() {
        return doubleHandOuts == 0 && corruptions == 0;
    }

    public HammerReport plus(HammerReport other) {
        return new HammerReport(allocations + other.allocations, misses + other.misses, promoted + other.promoted,
                doubleHandOuts + other.doubleHandOuts, corruptions + other.corruptions);
    }

    HammerReport minus(HammerReport other) {
        return new HammerReport(allocations - other.allocations, misses - other.misses, promoted - other.promoted,
                doubleHandOuts - other.doubleHandOuts, corruptions - other.corruptions);
    }

    /** Asserts no double hand-out and no corruption. */
    public void assertClean() {
        assertEquals(0, doubleHandOuts, "double hand-outs: " + this);
        assertEquals(0, corruptions, "corrupted chunks: " + this);
    }

    /**
     * Asserts {@link #assertClean()}, at least {@code minAllocations} hand-outs, and that the pools
     * ran dry at least once: the contention a stress test is for.
     */
    public void assertCleanAndContended(long minAllocations) {
        assertClean();
        assertTrue(misses > 0, "the pools ran dry at least once: " + this);
        assertTrue(allocations >= minAllocations, "at least " + minAllocations + " hand-outs: " + this);
    }

    /** One line for a child process's stdout, read back by {@link #parse}. */
    public String toLine() {
        return PREFIX + "allocations=" + allocations + " misses=" + misses + " promoted=" + promoted
                + " doubleHandOuts=" + doubleHandOuts + " corruptions=" + corruptions;
    }

    /** The report in a line written by {@link #toLine()}. */
    public static HammerReport parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a report: " + line);
        }
        Map<String, Long> fields = new HashMap<>();
        for (String field : line.substring(PREFIX.length()).split(" ")) {
            String[] pair = field.split("=", 2);
            fields.put(pair[0], Long.parseLong(pair[1]));
        }
        return new HammerReport(fields.get("allocations"), fields.get("misses"), fields.get("promoted"),
                fields.get("doubleHandOuts"), fields.get("corruptions"));
    }

    /** The prefix of a report line, for {@link ChildJvm#awaitLine}. */
    public static String prefix() {
        return PREFIX;
    }
}

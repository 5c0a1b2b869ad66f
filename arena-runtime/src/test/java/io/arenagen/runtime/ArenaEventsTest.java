package io.arenagen.runtime;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JFR events of the slow paths, recorded into a file and read back: {@code io.arenagen.Exhaustion}
 * once per empty pool a request met, {@code io.arenagen.Promotion} once per promoted request, both with
 * their fields, neither on the fast path, and neither in a recording that does not enable them.
 */
@Timeout(60)
class ArenaEventsTest {

    private static final String EXHAUSTION = "io.arenagen.Exhaustion";
    private static final String PROMOTION = "io.arenagen.Promotion";

    @TempDir
    Path dir;

    @Test
    void exhaustionAndPromotionAreRecordedWithTheirFields() throws IOException {
        List<RecordedEvent> events;
        String arenaName;
        try (SlabAllocator arena = SlabArenas.local(1, 64, 256);
             Recording recording = new Recording()) {
            recording.enable(EXHAUSTION);
            recording.enable(PROMOTION);
            recording.start();
            arenaName = arena.stats().arena();
            long first = arena.allocateOffset(48);   // fast path: no event
            arena.allocateOffset(40);                // pool 0 empty: exhaustion(0), promotion 0 -> 1
            arena.tryAllocateOffset(32);             // pool 0 empty: exhaustion(0)
            arena.allocateOffset(24);                // exhaustion(0), exhaustion(1), no promotion
            arena.deallocateOffset(first);
            arena.allocateOffset(16);                // fast path again: no event
            recording.stop();
            events = RecordingFile.readAllEvents(dump(recording));
        }
        List<RecordedEvent> exhaustions = ofType(events, EXHAUSTION);
        List<RecordedEvent> promotions = ofType(events, PROMOTION);
        assertEquals(List.of("0/64/40", "0/64/32", "0/64/24", "1/256/24"), exhaustions.stream()
                .map(e -> e.getInt("pool") + "/" + e.getLong("chunkSize") + "/" + e.getLong("requestedSize"))
                .toList());
        assertEquals(1, promotions.size());
        RecordedEvent promotion = promotions.getFirst();
        assertEquals(40, promotion.getLong("requestedSize"));
        assertEquals(0, promotion.getInt("fromPool"));
        assertEquals(1, promotion.getInt("toPool"));
        for (RecordedEvent event : events) {
            assertEquals(arenaName, event.getString("arena"));
        }
        assertTrue(arenaName.startsWith("RuntimeSlabArena over "), arenaName);
    }

    @Test
    void confinedArenasEmitThemToo() throws IOException {
        List<RecordedEvent> events;
        try (SlabAllocator arena = SlabArenas.confined(1, 64, 256);
             Recording recording = new Recording()) {
            recording.enable(EXHAUSTION);
            recording.enable(PROMOTION);
            recording.start();
            arena.allocateOffset(64);
            arena.allocateOffset(64);
            recording.stop();
            events = RecordingFile.readAllEvents(dump(recording));
        }
        assertEquals(1, ofType(events, EXHAUSTION).size());
        assertEquals(1, ofType(events, PROMOTION).size());
    }

    @Test
    void theDefaultAndProfileSettingsLeaveThemDisabled() throws IOException, ParseException {
        for (String settings : List.of("default", "profile")) {
            List<RecordedEvent> events;
            try (SlabAllocator arena = SlabArenas.local(1, 64, 256);
                 Recording recording = new Recording(Configuration.getConfiguration(settings))) {
                recording.start();
                arena.allocateOffset(64);
                arena.allocateOffset(64);
                arena.allocateOffset(64);
                recording.stop();
                events = RecordingFile.readAllEvents(dump(recording));
            }
            assertEquals(List.of(), ofType(events, EXHAUSTION), settings);
            assertEquals(List.of(), ofType(events, PROMOTION), settings);
            assertTrue(arenaEventCount(events) == 0, settings);
        }
    }

    private Path dump(Recording recording) throws IOException {
        Path file = dir.resolve("recording-" + System.nanoTime() + ".jfr");
        recording.dump(file);
        return file;
    }

    private static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    private static long arenaEventCount(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.getEventType().getName().startsWith("io.arenagen.")).count();
    }
}

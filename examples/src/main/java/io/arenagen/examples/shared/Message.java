package io.arenagen.examples.shared;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A message in a 64-byte chunk: sequence number, payload words, and a checksum over them. */
final class Message {

    static final long BYTES = 64;
    private static final int PAYLOAD_WORDS = 6;

    private Message() {
    }

    /** Fills the chunk at {@code offset} with message {@code sequence}. */
    static void write(MemorySegment memory, long offset, long sequence) {
        long checksum = sequence;
        memory.set(ValueLayout.JAVA_LONG, offset, sequence);
        for (int word = 0; word < PAYLOAD_WORDS; word++) {
            long value = sequence * 31 + word;
            memory.set(ValueLayout.JAVA_LONG, offset + 8 + 8L * word, value);
            checksum = checksum * 17 + value;
        }
        memory.set(ValueLayout.JAVA_LONG, offset + 8 + 8L * PAYLOAD_WORDS, checksum);
    }

    /** Whether the chunk at {@code offset} holds an intact message {@code sequence}. */
    static boolean verify(MemorySegment memory, long offset, long sequence) {
        if (memory.get(ValueLayout.JAVA_LONG, offset) != sequence) {
            return false;
        }
        long checksum = sequence;
        for (int word = 0; word < PAYLOAD_WORDS; word++) {
            long value = memory.get(ValueLayout.JAVA_LONG, offset + 8 + 8L * word);
            if (value != sequence * 31 + word) {
                return false;
            }
            checksum = checksum * 17 + value;
        }
        return memory.get(ValueLayout.JAVA_LONG, offset + 8 + 8L * PAYLOAD_WORDS) == checksum;
    }
}

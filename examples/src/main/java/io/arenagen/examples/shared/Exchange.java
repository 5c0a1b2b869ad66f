package io.arenagen.examples.shared;

/**
 * What the demo tells its producer and consumer processes: the shared arena's name, the offset of
 * the ring inside it, and how many messages to exchange. Passed as three command-line arguments.
 *
 * @param name the shared-memory object of the {@link MessageArena}
 * @param ringOffset offset of the {@link OffsetRing}'s chunk in the arena
 * @param messages number of messages to exchange
 */
record Exchange(String name, long ringOffset, long messages) {

    /** Reads the three arguments written by {@link #toArguments()}. */
    static Exchange parse(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("expected: <arena name> <ring offset> <message count>");
        }
        return new Exchange(args[0], Long.parseLong(args[1]), Long.parseLong(args[2]));
    }

    /** The command-line form. */
    String[] toArguments() {
        return new String[] {name, Long.toString(ringOffset), Long.toString(messages)};
    }

    /** The ring inside {@code arena}. */
    OffsetRing ring(MessageArena arena) {
        return new OffsetRing(arena.memory().asSlice(ringOffset, OffsetRing.BYTES));
    }
}

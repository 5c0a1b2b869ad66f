package io.arenagen.examples.shared;

/**
 * What the demo tells its producer and consumer processes: the shared arena's name and how many
 * messages to exchange. Passed as two command-line arguments. The offsets travel through the
 * {@link OffsetQueue} named {@link #queueName()}.
 *
 * @param name the shared-memory object of the {@link MessageArena}
 * @param messages number of messages to exchange
 */
record Exchange(String name, long messages) {

    /** Reads the two arguments written by {@link #toArguments()}. */
    static Exchange parse(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("expected: <arena name> <message count>");
        }
        return new Exchange(args[0], Long.parseLong(args[1]));
    }

    /** The command-line form. */
    String[] toArguments() {
        return new String[] {name, Long.toString(messages)};
    }

    /** The name of the queue's shared-memory object. */
    String queueName() {
        return name + "-offsets";
    }

    /** The queue of offsets, created or attached to. */
    OffsetQueue queue() {
        return new OffsetQueueImpl(queueName());
    }
}

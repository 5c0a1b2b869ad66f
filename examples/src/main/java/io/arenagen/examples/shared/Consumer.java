package io.arenagen.examples.shared;

/**
 * The consumer process: takes offsets from the {@link OffsetQueue}, verifies each message and frees its
 * chunk. Prints the rate; exits 1 on the first bad message. Arguments: arena name, message count.
 */
public final class Consumer {

    private Consumer() {
    }

    public static void main(String[] args) {
        Exchange exchange = Exchange.parse(args);
        long messages = exchange.messages();
        try (MessageArena arena = new MessageArenaImpl(exchange.name()); OffsetQueue ring = exchange.queue()) {
            long started = 0;
            IdleStrategy idle = new IdleStrategy();
            for (long sequence = 0; sequence < messages; sequence++) {
                long chunk;
                while ((chunk = ring.poll(-1)) < 0) {
                    idle.idle();
                }
                idle.reset();
                if (sequence == 0) {
                    started = System.nanoTime();
                }
                if (!Message.verify(arena.memory(), chunk, sequence)) {
                    System.out.println("consumer: message " + sequence + " at offset " + chunk + " is corrupt");
                    System.exit(1);
                }
                arena.deallocateOffset(chunk);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("consumer: %d messages verified in %.3f s (%.2f M messages/s)%n",
                    messages, seconds, messages / seconds / 1e6);
        }
    }
}

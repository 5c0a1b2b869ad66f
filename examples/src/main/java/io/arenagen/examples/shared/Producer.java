package io.arenagen.examples.shared;

/**
 * The producer process: allocates a chunk per message, writes it, and hands its offset to the
 * consumer through the {@link OffsetQueue}. Arguments: arena name, message count.
 */
public final class Producer {

    private Producer() {
    }

    public static void main(String[] args) {
        Exchange exchange = Exchange.parse(args);
        long messages = exchange.messages();
        try (MessageArena arena = new MessageArenaImpl(exchange.name()); OffsetQueue ring = exchange.queue()) {
            IdleStrategy idle = new IdleStrategy();
            for (long sequence = 0; sequence < messages; sequence++) {
                long chunk;
                while ((chunk = arena.tryAllocateOffset(Message.BYTES)) < 0) {
                    idle.idle(); // every message chunk is in flight: wait for the consumer to free one
                }
                Message.write(arena.memory(), chunk, sequence);
                while (!ring.offer(chunk)) {
                    idle.idle();
                }
                idle.reset();
            }
        }
    }
}

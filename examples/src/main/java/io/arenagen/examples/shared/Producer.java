package io.arenagen.examples.shared;

/**
 * The producer process: allocates a chunk per message, writes it, and hands its offset to the
 * consumer through the ring. Arguments: arena name, ring offset, message count.
 */
public final class Producer {

    private Producer() {
    }

    public static void main(String[] args) {
        String name = args[0];
        long ringOffset = Long.parseLong(args[1]);
        long messages = Long.parseLong(args[2]);
        try (MessageArena arena = new MessageArenaImpl(name)) {
            OffsetRing ring = new OffsetRing(arena.memory().asSlice(ringOffset, OffsetRing.BYTES));
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

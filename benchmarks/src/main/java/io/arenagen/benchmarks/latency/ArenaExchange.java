package io.arenagen.benchmarks.latency;

import java.lang.foreign.MemorySegment;

/**
 * The arenagen end of an exchange: a message is a 64-byte chunk of the shared {@link PingArena}, written
 * through {@code PingStruct}'s accessors, whose offset travels through a shared SPSC {@link PingRing};
 * the receiver reads the chunk and frees it. Each process opens the same three objects, with the two
 * rings' roles swapped.
 */
final class ArenaExchange implements Exchange {

    private final PingArenaImpl arena;
    private final MemorySegment memory;
    private final PingRingImpl outbound;
    private final PingRingImpl inbound;
    private final byte[] payload = new byte[PingStruct.PAYLOAD_LENGTH];

    /** Opens (creating what does not exist yet) the arena and the two rings by name. */
    ArenaExchange(String arenaName, String outboundName, String inboundName) {
        PingArenaImpl openedArena = new PingArenaImpl(arenaName);
        PingRingImpl openedOutbound = null;
        try {
            openedOutbound = new PingRingImpl(outboundName);
            inbound = new PingRingImpl(inboundName);
        } catch (RuntimeException e) {
            if (openedOutbound != null) {
                openedOutbound.close();
            }
            openedArena.close();
            throw e;
        }
        arena = openedArena;
        outbound = openedOutbound;
        memory = arena.memory();
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
    }

    @Override
    public boolean send(long sequence, long sentAt) {
        long chunk = arena.allocateOffset(PingStruct.BYTES);           // CAS pop of the shared free list
        if (chunk < 0) {
            return false;
        }
        // Plain stores: the ring's release store of head, in offer, publishes them to the consumer.
        PingStruct.setSequence(memory, chunk, sequence);
        PingStruct.setSentAt(memory, chunk, sentAt);
        PingStruct.setPayload(memory, chunk, payload);
        if (outbound.offer(chunk)) {
            return true;
        }
        arena.deallocateOffset(chunk);                                 // full: the caller tries again later
        return false;
    }

    @Override
    public boolean receive(Received into) {
        long chunk = inbound.poll(-1);                                 // acquire load of head: the writes above are visible
        if (chunk < 0) {
            return false;
        }
        into.sequence = PingStruct.getSequence(memory, chunk);
        into.sentAt = PingStruct.getSentAt(memory, chunk);
        PingStruct.getPayload(memory, chunk, payload);
        arena.deallocateOffset(chunk);                                 // CAS push: the chunk may go to either process next
        return true;
    }

    @Override
    public void close() {
        try {
            outbound.close();
            inbound.close();
        } finally {
            arena.close();
        }
    }
}

package io.arenagen.benchmarks.latency;

import java.lang.foreign.MemorySegment;

/**
 * The arenagen end of an exchange with the message in the queue: a {@link Ping} written in place into the
 * slot that {@code claim()} returns (through {@code PingStruct}'s accessors) and published by
 * {@code commit}; the receiver reads it in place between {@code peek()} and {@code release}. No arena: the
 * 64-byte slot is the message, as in Agrona's ring buffer. Each process opens the same two queues, with
 * their roles swapped.
 */
final class StructExchange implements Exchange {

    private final PingQueueImpl outbound;
    private final PingQueueImpl inbound;
    private final MemorySegment outSlots;
    private final MemorySegment inSlots;
    private final byte[] payload = new byte[PingStruct.PAYLOAD_LENGTH];

    /** Opens (creating what does not exist yet) the two queues by name. */
    StructExchange(String outboundName, String inboundName) {
        PingQueueImpl openedOutbound = new PingQueueImpl(outboundName);
        try {
            inbound = new PingQueueImpl(inboundName);
        } catch (RuntimeException e) {
            openedOutbound.close();
            throw e;
        }
        outbound = openedOutbound;
        outSlots = outbound.memory();
        inSlots = inbound.memory();
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
    }

    @Override
    public boolean send(long sequence, long sentAt) {
        long at = outbound.claim();                                      // the slot at head, if free
        if (at < 0) {
            return false;
        }
        // Plain stores into the slot: commit's release store of head publishes them to the consumer.
        PingStruct.setSequence(outSlots, at, sequence);
        PingStruct.setSentAt(outSlots, at, sentAt);
        PingStruct.setPayload(outSlots, at, payload);
        outbound.commit(at);
        return true;
    }

    @Override
    public boolean receive(Received into) {
        long at = inbound.peek();                                        // acquire load of head
        if (at < 0) {
            return false;
        }
        into.sequence = PingStruct.getSequence(inSlots, at);
        into.sentAt = PingStruct.getSentAt(inSlots, at);
        PingStruct.getPayload(inSlots, at, payload);
        inbound.release(at);                                             // release store of tail
        return true;
    }

    @Override
    public void close() {
        try {
            outbound.close();
        } finally {
            inbound.close();
        }
    }
}

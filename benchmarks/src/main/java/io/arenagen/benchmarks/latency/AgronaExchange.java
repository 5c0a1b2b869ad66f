package io.arenagen.benchmarks.latency;

import java.io.File;
import java.nio.MappedByteBuffer;

import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The Agrona end of an exchange, the peer of {@link ArenaExchange}: two {@link OneToOneRingBuffer}s over one
 * memory-mapped file (in {@code /dev/shm}, so no disk behind it), the first half carrying messages from the
 * process that created the file, the second half back. A message is written in place into the ring with
 * {@code tryClaim}/{@code commit}, 64 bytes in {@link Ping}'s layout, and read with {@code read(handler)},
 * which copies it out as {@link ArenaExchange#receive} does.
 */
final class AgronaExchange implements Exchange, MessageHandler {

    /** Each ring's data: room for 7281 messages of 64 bytes with their 8-byte headers (a power of two). */
    static final int RING_BYTES = 512 * 1024;
    /** One ring with its trailer (positions and counters); the file holds two. */
    static final int HALF = RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH;
    private static final int MESSAGE_TYPE = 1;
    private static final int MESSAGE_BYTES = (int) PingStruct.BYTES;

    private final MappedByteBuffer mapped;
    private final OneToOneRingBuffer outbound;
    private final OneToOneRingBuffer inbound;
    private final AtomicBuffer outboundBuffer;
    private final byte[] payload = new byte[PingStruct.PAYLOAD_LENGTH];
    private Received into;

    /**
     * Maps {@code file}: creates it (zero-filled, two rings) if {@code create}, else maps the existing one
     * and takes the rings the other way round.
     */
    AgronaExchange(File file, boolean create) {
        mapped = create ? IoUtil.mapNewFile(file, 2L * HALF, true) : IoUtil.mapExistingFile(file, "round-trip rings");
        if (mapped.capacity() != 2 * HALF) {
            IoUtil.unmap(mapped);
            throw new IllegalStateException(file + " has " + mapped.capacity() + " bytes, not the " + 2 * HALF
                    + " of two rings: it was not made by this harness; remove it and run again");
        }
        UnsafeBuffer first = new UnsafeBuffer(mapped, 0, HALF);
        UnsafeBuffer second = new UnsafeBuffer(mapped, HALF, HALF);
        outbound = new OneToOneRingBuffer(create ? first : second);
        inbound = new OneToOneRingBuffer(create ? second : first);
        outboundBuffer = outbound.buffer();
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
    }

    @Override
    public boolean send(long sequence, long sentAt) {
        // Plain loads of tail and the cached head (volatile load of head only when the cache says full),
        // release store of tail; the record's header is written plainly with a negative length.
        int index = outbound.tryClaim(MESSAGE_TYPE, MESSAGE_BYTES);
        if (index < 0) {
            return false;
        }
        outboundBuffer.putLong(index + (int) PingStruct.SEQUENCE_OFFSET, sequence);
        outboundBuffer.putLong(index + (int) PingStruct.SENT_AT_OFFSET, sentAt);
        outboundBuffer.putBytes(index + (int) PingStruct.PAYLOAD_OFFSET, payload);
        outbound.commit(index);                                        // release store of the length publishes the record
        return true;
    }

    @Override
    public boolean receive(Received received) {
        into = received;
        // Volatile load of the record's length, onMessage, then a release store of head frees the space.
        return inbound.read(this, 1) == 1;
    }

    @Override
    public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        into.sequence = buffer.getLong(index + (int) PingStruct.SEQUENCE_OFFSET);
        into.sentAt = buffer.getLong(index + (int) PingStruct.SENT_AT_OFFSET);
        buffer.getBytes(index + (int) PingStruct.PAYLOAD_OFFSET, payload);
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
    }
}

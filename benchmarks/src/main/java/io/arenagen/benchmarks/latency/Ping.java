package io.arenagen.benchmarks.latency;

import io.arenagen.Length;
import io.arenagen.Struct;

/**
 * The 64-byte message of a round trip, as a C struct.
 *
 * @param sequence the message's number, from 0; {@link Exchange#STOP} ends the echo side
 * @param sentAt when the sender meant to send it ({@link System#nanoTime()} of the sending process), not
 *     when it did: the measured latency then includes any delay in sending (no coordinated omission)
 * @param payload 48 bytes that the echo side copies back, so that each side reads and writes all 64
 */
@Struct
public record Ping(long sequence, long sentAt, @Length(48) byte[] payload) {
}

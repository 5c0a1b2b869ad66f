package io.arenagen.benchmarks.latency;

/**
 * One process's end of a two-way message exchange: {@link #send} writes a {@link Ping} and hands it to
 * the other process, {@link #receive} takes the next one the other process sent. Neither blocks, neither
 * allocates; one thread uses an exchange.
 */
interface Exchange extends AutoCloseable {

    /** The sequence number that ends the echo side; it echoes it back before it stops. */
    long STOP = -1;

    /**
     * Writes a message with this end's payload and sends it.
     *
     * @return {@code false} if there was no room (queue full or no chunk free); nothing was sent then
     */
    boolean send(long sequence, long sentAt);

    /**
     * Takes the next message if there is one: its sequence and send time into {@code into}, its payload
     * into this end's payload (which the next {@link #send} writes: the echo side sends back what it read).
     *
     * @return {@code false} if nothing had arrived
     */
    boolean receive(Received into);

    @Override
    void close();

    /** The header fields of the message last received: a holder reused for every message, no garbage. */
    final class Received {
        long sequence;
        long sentAt;
    }
}

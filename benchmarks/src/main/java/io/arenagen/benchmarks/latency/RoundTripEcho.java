package io.arenagen.benchmarks.latency;

import io.arenagen.benchmarks.InputWatch;

import java.util.Arrays;
import java.util.List;

/**
 * The echo side of {@link RoundTrip}, in its own JVM: attaches to the transport's shared objects, prints
 * {@code ready}, then busy-spins receiving messages and sends each one back with the same sequence, send
 * time and payload — for the arena: polls the offset, reads the struct, frees the chunk, allocates a chunk,
 * writes the reply, offers it. It stops after echoing {@link Exchange#STOP}, or when its standard input
 * ends (the parent closed it or died), and prints {@code echoed <n>}.
 *
 * <p>Arguments: {@code <arenagen|agrona> <shared object name>...}, as {@link Transport#names} made them.
 */
public final class RoundTripEcho {

    private RoundTripEcho() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: RoundTripEcho <arenagen|agrona> <shared object name>...");
        }
        InputWatch input = InputWatch.start();
        Transport transport = Transport.named(args[0]);
        List<String> names = Arrays.asList(args).subList(1, args.length);
        try (Exchange exchange = transport.open(names, false)) {
            System.out.println("ready");
            System.out.flush();
            System.out.println("echoed " + echo(exchange, input));
        }
    }

    /** Echoes until {@link Exchange#STOP} or the end of input; returns how many messages it echoed. */
    private static long echo(Exchange exchange, InputWatch input) {
        Exchange.Received message = new Exchange.Received();
        long echoed = 0;
        int idle = 0;
        while (true) {
            if (!exchange.receive(message)) {
                if ((++idle & 0xFFFF) == 0 && input.ended()) {
                    return echoed;
                }
                Thread.onSpinWait();
                continue;
            }
            while (!exchange.send(message.sequence, message.sentAt)) {   // no room: the measuring side is draining
                if (input.ended()) {
                    return echoed;
                }
                Thread.onSpinWait();
            }
            if (message.sequence == Exchange.STOP) {
                return echoed;
            }
            echoed++;
        }
    }
}

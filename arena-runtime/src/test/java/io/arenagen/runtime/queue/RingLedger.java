package io.arenagen.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.BitSet;

/**
 * Checks what consumers saw against what producers sent. Producer {@code p} sends
 * {@code stamp(p, 0), stamp(p, 1), ...}; a consumer records every value it polls. Every value must arrive
 * exactly once, and within one consumer the values of one producer must arrive in the order they were sent
 * (FIFO per producer, which every policy promises).
 */
final class RingLedger {

    private final int producers;
    private final int perProducer;
    private final BitSet[] seen;

    RingLedger(int producers, int perProducer) {
        this.producers = producers;
        this.perProducer = perProducer;
        this.seen = new BitSet[producers];
        for (int p = 0; p < producers; p++) {
            seen[p] = new BitSet(perProducer);
        }
    }

    static long stamp(int producer, int sequence) {
        return ((long) producer << 32) | sequence;
    }

    /** A consumer's view: the last sequence seen per producer, to check the order. */
    final class Consumer {
        private final int[] last = new int[producers];

        Consumer() {
            java.util.Arrays.fill(last, -1);
        }

        void accept(long value) {
            int producer = (int) (value >>> 32);
            int sequence = (int) value;
            if (producer < 0 || producer >= producers || sequence < 0 || sequence >= perProducer) {
                fail("a value nobody sent: 0x" + Long.toHexString(value));
            }
            if (sequence <= last[producer]) {
                fail("producer " + producer + "'s " + sequence + " after its " + last[producer] + ": out of order");
            }
            last[producer] = sequence;
            synchronized (seen[producer]) {
                if (seen[producer].get(sequence)) {
                    fail("producer " + producer + "'s " + sequence + " delivered twice");
                }
                seen[producer].set(sequence);
            }
        }
    }

    long delivered() {
        long total = 0;
        for (BitSet bits : seen) {
            synchronized (bits) {
                total += bits.cardinality();
            }
        }
        return total;
    }

    void assertComplete() {
        for (int p = 0; p < producers; p++) {
            synchronized (seen[p]) {
                assertEquals(perProducer, seen[p].cardinality(), "producer " + p + "'s values delivered");
            }
        }
        assertTrue(delivered() == (long) producers * perProducer);
    }
}

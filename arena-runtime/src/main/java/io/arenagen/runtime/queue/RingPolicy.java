package io.arenagen.runtime.queue;

/**
 * Who may offer and who may poll: the three synchronization policies of the C++ {@code BasicQueue}
 * ({@code Spsc}, {@code Mpsc}, {@code Mpmc}). The policy fixes the slot shape, so a queue object made
 * with one policy is refused by an opener of another.
 */
public enum RingPolicy {
    /** One producer, one consumer: slots hold the element alone; head and tail are plain release stores. */
    SPSC(1),
    /** Many producers, one consumer: {@code alignas(64)} slots with a sequence word, producers CAS the head. */
    MPSC(2),
    /** Many producers, many consumers: like {@link #MPSC}, consumers CAS the tail too. */
    MPMC(3);

    private final int code;

    RingPolicy(int code) {
        this.code = code;
    }

    /** The number stored in the queue descriptor (1, 2, 3). */
    public int code() {
        return code;
    }

    /** Whether slots carry a sequence word ({@code QueueSlotFull} in C++): every policy but {@link #SPSC}. */
    public boolean sequenced() {
        return this != SPSC;
    }

    /** The policy stored as {@code code} in a descriptor, or null if no policy has that code. */
    public static RingPolicy ofCode(int code) {
        for (RingPolicy policy : values()) {
            if (policy.code == code) {
                return policy;
            }
        }
        return null;
    }
}

package io.arenagen.runtime.inspect;

import io.arenagen.runtime.queue.RingLayout;

import java.time.Instant;
import java.util.List;

/**
 * What {@link io.arenagen.runtime.SharedMemory#inspectObject} found in a queue object. Immutable.
 *
 * @param name the object's name
 * @param takenAt when the object was read
 * @param objectSize the object's size in bytes
 * @param ownerUid the object's owner
 * @param mode the object's permission bits
 * @param layout the configuration: policy, capacity, element and slot size
 * @param fromDescriptor whether it came from the queue descriptor arenagen writes, rather than from the
 *     caller (a queue created by the C++ library has none)
 * @param magic what the magic word says (ready, being initialized, fresh)
 * @param initializerPid the pid its initializer recorded, 0 if none
 * @param initializerPidNamespace the pid-namespace inode recorded beside it, 0 if none
 * @param initializer whether that process still runs
 * @param head the next position to write, as read
 * @param tail the next position to read, as read
 * @param pending {@code head - tail} bounded to {@code [0, capacity]}; when head and tail are not a
 *     queue's (a {@link Problem.Kind#POSITIONS_OUT_OF_RANGE} error), the bounded value and nothing more
 * @param fulls offers that found the queue full
 * @param stalls bounded waits that ended behind a claimed but unpublished slot
 * @param skipped stalled slots skipped with {@code LongRing.skipStalled}
 * @param stalledPosition the position of the claimed but unpublished slot at the tail, or -1 (always -1
 *     for SPSC, and when the positions or the size are not trusted)
 * @param problems everything found wrong or worth a look, errors first
 */
public record QueueReport(String name, Instant takenAt, long objectSize, int ownerUid, int mode, RingLayout layout,
                          boolean fromDescriptor,
                          MagicState magic, long initializerPid, long initializerPidNamespace, Liveness initializer,
                          long head, long tail, long pending, long fulls, long stalls, long skipped,
                          long stalledPosition, List<Problem> problems) implements ObjectReport {

    public QueueReport {
        problems = List.copyOf(problems);
    }
}

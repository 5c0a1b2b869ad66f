package io.arenagen.runtime;

import io.arenagen.runtime.inspect.ArenaInspector;
import io.arenagen.runtime.inspect.ArenaReport;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.ShmName;
import io.arenagen.runtime.memory.SharedObject;

import java.util.Optional;

/** Named POSIX shared-memory objects behind {@code Backend.SHM} arenas. */
public final class SharedMemory {

    private SharedMemory() {
    }

    /**
     * Removes the shared object {@code name}, and its reclamation companion {@code <name>.owners} if
     * there is one ({@link ShmOptions#withReclamation()}): a companion describes the chunks of one arena
     * object and is refused by a new one anyway. Processes that have them mapped keep using them; the
     * next open creates new ones. A name that does not exist is not an error.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid name (a leading {@code /}, no
     *     other {@code /}, no NUL, not {@code /.} or {@code /..}, at most 255 bytes)
     * @throws ArenaException if the object exists and cannot be removed
     */
    public static void unlink(String name) {
        SharedObject.unlink(name);
        String companion = name + ".owners";
        if (ShmName.violation(companion).isEmpty()) {
            SharedObject.unlink(companion);
        }
    }

    /**
     * Gives back the chunks of every dead process recorded in the reclamation companion of arena
     * {@code name} ({@link ShmOptions#withReclamation()}), as {@link SlabAllocator#reclaim()} does from a
     * process attached to it; for tools ({@code arena-inspect NAME --reclaim}). The configuration comes
     * from the companion; the arena is attached to, never created, judged by the attach check and used for
     * pushes only; no process slot is taken. Live processes' slots are left alone.
     *
     * @return how many chunks went back to the free lists
     * @throws IllegalArgumentException if the name is invalid or too long for a companion
     * @throws ArenaException if the arena or its companion does not exist or cannot be opened read-write by
     *     this user, the companion is refused, or a pool is refused or not ready
     */
    public static long reclaim(String name) {
        return io.arenagen.runtime.reclaim.Reclaimers.reclaim(name);
    }

    /**
     * Reads the arena in shared object {@code name} without attaching to it: mapped read-only, never
     * written, no pool initialized or waited for, no allocation. The configuration comes from the
     * layout descriptors arenagen writes; for an object created by the C++ library, which has none, use
     * {@link #inspect(String, long, long...)}. Each pool is judged by the attach check itself: whatever
     * an arena of the object's configuration refuses is an error of the report.
     *
     * @throws IllegalArgumentException if the name is invalid, the object carries no layout descriptor, or it is
     *     a queue ({@link #inspectObject(String)} reads queues)
     * @throws ArenaException if the object does not exist or cannot be read by this user, or carries a layout
     *     descriptor of another arenagen version that this one cannot read
     * @throws io.arenagen.runtime.inspect.ObjectChangedException if the object shrank while it was read
     */
    public static ArenaReport inspect(String name) {
        return ArenaInspector.inspect(name, Optional.empty());
    }

    /**
     * Reads an arena's or a queue's shared object read-only, as its descriptor says: a queue created by
     * arenagen gives a {@link io.arenagen.runtime.inspect.QueueReport} (policy, capacity, head, tail,
     * pending, counters, a stalled slot), anything else an {@link ArenaReport} as {@link #inspect(String)}
     * gives it. A queue created by the C++ library has no descriptor and is reported as an object without one.
     *
     * @throws IllegalArgumentException if the name is invalid, or the object is no queue and carries no
     *     layout descriptor
     * @throws ArenaException if the object does not exist or cannot be read by this user, or carries a
     *     descriptor this version cannot read
     * @throws io.arenagen.runtime.inspect.ObjectChangedException if the object shrank while it was read
     */
    public static io.arenagen.runtime.inspect.ObjectReport inspectObject(String name) {
        return ArenaInspector.inspectObject(name);
    }

    /**
     * Reads the queue in shared object {@code name} read-only, with configuration {@code layout}: for a
     * queue created by the C++ library, which carries no descriptor (then {@code layout} must account for
     * the object's size); with a descriptor, {@code layout} must equal it.
     *
     * @throws IllegalArgumentException if the object is an arena, its descriptor differs from {@code layout},
     *     or it has none and is not the size {@code layout} needs
     * @throws ArenaException if the object does not exist or cannot be read by this user
     * @throws io.arenagen.runtime.inspect.ObjectChangedException if the object shrank while it was read
     */
    public static io.arenagen.runtime.inspect.QueueReport inspectQueue(String name,
                                                                     io.arenagen.runtime.queue.RingLayout layout) {
        return ArenaInspector.inspectQueue(name, layout);
    }

    /**
     * Like {@link #inspect(String)}, for an object that may lack a layout descriptor (created by the C++
     * library with this {@code count} and {@code sizes}).
     *
     * @throws IllegalArgumentException if the configuration breaks the layout rules, needs another object
     *     size, differs from the object's layout descriptor, or does not fit the headers and free lists of an
     *     object the C++ library made (an arena of it refuses the object; the bytes cannot tell a wrong
     *     configuration from damage)
     * @throws ArenaException if the object does not exist or cannot be read by this user
     * @throws io.arenagen.runtime.inspect.ObjectChangedException if the object shrank while it was read
     */
    public static ArenaReport inspect(String name, long count, long... sizes) {
        return ArenaInspector.inspect(name, Optional.of(ArenaLayout.of(count, sizes)));
    }
}

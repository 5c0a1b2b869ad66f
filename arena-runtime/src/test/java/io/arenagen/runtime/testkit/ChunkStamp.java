package io.arenagen.runtime.testkit;

import io.arenagen.runtime.internal.ProcessLiveness;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Ownership stamps that turn a double hand-out into an observable event, the one protocol of the
 * Java tests and of the C++ peer ({@code src/test/cpp/basic_arena_peer.cpp}). A chunk's second 8
 * bytes (offset 8; the first 4 hold the free-list link while the chunk is free) are 0 while nobody
 * owns it. A holder claims it by CAS {@code 0 → stamp} right after allocating and gives it back by
 * CAS {@code stamp → 0} right before freeing. If the arena ever hands one chunk to two holders at
 * once, the second claim finds the first holder's stamp (or the first release finds a foreign one):
 * a CAS that fails. Works across processes and languages because the stamp is in the shared memory
 * itself; chunks are at least 16 bytes, so the word always fits.
 */
public final class ChunkStamp {

    /** Offset of the stamp word inside a chunk. */
    public static final long OFFSET = 8;

    private static final VarHandle WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private ChunkStamp() {
    }

    /** A stamp unique to a thread of a process, never 0 (the C++ peer uses thread bits {@code 0xFFFF}). */
    public static long of(long pid, int thread) {
        return (pid << 16) | (thread + 1L);
    }

    /** Claims the chunk at {@code offset}; returns false if someone else holds it (a double hand-out). */
    public static boolean claim(MemorySegment memory, long offset, long stamp) {
        return (long) WORD.compareAndExchange(memory, offset + OFFSET, 0L, stamp) == 0L;
    }

    /**
     * Like {@link #claim}, but a stamp of a process that is dead does not count: with reclamation a
     * reclaimed chunk comes back with its dead holder's stamp on it (nothing but the holder clears it), and
     * the next holder takes it over. A stamp of a live process still makes the claim fail. The pid is the
     * stamp's upper bits ({@link #of}). A process's locks go before it is a zombie, and a zombie still
     * answers {@code kill(pid, 0)}: so a holder that looks alive is looked at again for up to 200 ms
     * ({@link ProcessLiveness#isAlive} counts a zombie as dead) before the claim is called a double hand-out.
     */
    public static boolean claimOverDead(MemorySegment memory, long offset, long stamp) {
        long witness = (long) WORD.compareAndExchange(memory, offset + OFFSET, 0L, stamp);
        while (witness != 0L) {
            if (!dead(witness >>> 16)) {
                return false;
            }
            long seen = (long) WORD.compareAndExchange(memory, offset + OFFSET, witness, stamp);
            if (seen == witness) {
                return true;
            }
            witness = seen == 0L ? (long) WORD.compareAndExchange(memory, offset + OFFSET, 0L, stamp) : seen;
        }
        return true;
    }

    /** Whether process {@code pid} is gone (or a zombie), looked at for up to 200 ms; never this process. */
    private static boolean dead(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return false;
        }
        for (int look = 0; look < 100; look++) {
            if (!ProcessLiveness.isAlive(pid)) {
                return true;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Gives the chunk back; returns false if its stamp is not {@code stamp} (someone else wrote it). */
    public static boolean release(MemorySegment memory, long offset, long stamp) {
        return (long) WORD.compareAndExchange(memory, offset + OFFSET, stamp, 0L) == stamp;
    }

    /** The stamp in the chunk at {@code offset}, 0 if unowned. */
    public static long read(MemorySegment memory, long offset) {
        return (long) WORD.getVolatile(memory, offset + OFFSET);
    }
}

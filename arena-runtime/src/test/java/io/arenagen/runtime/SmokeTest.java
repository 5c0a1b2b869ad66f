package io.arenagen.runtime;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

class SmokeTest {
    @Test
    void localAndShared() {
        try (SlabAllocator a = SlabArenas.local(4, 64, 256)) {
            long o = a.allocateOffset(10);
            assertEquals(128, o);
            MemorySegment s = a.allocate(200);
            assertEquals(200, s.byteSize());
            a.deallocate(s);
            a.deallocateOffset(o);
            assertEquals(128, a.allocateOffset(1));
        }
        SharedMemory.unlink("/arenagen-smoke");
        try (SlabAllocator a = SlabArenas.shared("/arenagen-smoke", 4, 64);
             SlabAllocator b = SlabArenas.shared("/arenagen-smoke", 4, 64)) {
            long o = a.allocateOffset(64);
            long p = b.allocateOffset(64);
            assertNotEquals(o, p);
            a.mlock();
            a.mbind(0);
        } finally {
            SharedMemory.unlink("/arenagen-smoke");
        }
    }
}

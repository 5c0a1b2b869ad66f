package io.arenagen.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ArenaManagement}: an arena's statistics read back through the platform MBean server as open
 * types, unregistered by closing the registration, and clear refusals of bad names.
 */
@Timeout(60)
class ArenaManagementTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void attributesAreFreshSnapshotsReadThroughTheServer() throws Exception {
        String objectName = "io.arenagen.test:type=Arena,name=attributes";
        try (SlabAllocator arena = SlabArenas.local(2, 64, 256);
             ArenaManagement.Registration registration = ArenaManagement.register(arena, objectName)) {
            ObjectName name = new ObjectName(objectName);
            assertEquals(name.getCanonicalName(), registration.objectName());
            assertTrue(SERVER.isRegistered(name));
            assertEquals(4L, SERVER.getAttribute(name, "Free"));
            arena.allocateOffset(64);
            arena.allocateOffset(64);
            arena.allocateOffset(64); // promoted
            arena.tryAllocateOffset(64); // exhausted
            assertEquals(1L, SERVER.getAttribute(name, "Free"));
            assertEquals(3L, SERVER.getAttribute(name, "InUse"));
            assertEquals(2L, SERVER.getAttribute(name, "Exhaustions"));
            assertEquals(arena.stats().arena(), SERVER.getAttribute(name, "Arena"));
            CompositeData[] pools = (CompositeData[]) SERVER.getAttribute(name, "Pools");
            assertEquals(2, pools.length);
            assertEquals(0, pools[0].get("pool"));
            assertEquals(64L, pools[0].get("chunkSize"));
            assertEquals(2L, pools[0].get("capacity"));
            assertEquals(0L, pools[0].get("free"));
            assertEquals(2L, pools[0].get("inUse"));
            assertEquals(2L, pools[0].get("operations"));
            assertEquals(2L, pools[0].get("exhaustions"));
            assertEquals(1L, pools[1].get("free"));
            assertEquals(0L, pools[1].get("exhaustions"));
        }
        assertFalse(SERVER.isRegistered(new ObjectName(objectName)), "closing the registration unregisters");
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        try (SlabAllocator arena = SlabArenas.local(1, 64)) {
            ArenaManagement.Registration registration =
                    ArenaManagement.register(arena, "io.arenagen.test:type=Arena,name=twice");
            registration.close();
            registration.close();
            assertFalse(SERVER.isRegistered(new ObjectName("io.arenagen.test:type=Arena,name=twice")));
        }
    }

    @Test
    void badNamesAreRefusedNamingThem() {
        try (SlabAllocator arena = SlabArenas.local(1, 64)) {
            IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                    () -> ArenaManagement.register(arena, "no colon here"));
            assertTrue(malformed.getMessage().contains("\"no colon here\""), malformed.getMessage());
            IllegalArgumentException pattern = assertThrows(IllegalArgumentException.class,
                    () -> ArenaManagement.register(arena, "io.arenagen.test:type=*"));
            assertTrue(pattern.getMessage().contains("\"io.arenagen.test:type=*\""), pattern.getMessage());
            try (ArenaManagement.Registration first =
                         ArenaManagement.register(arena, "io.arenagen.test:type=Arena,name=taken")) {
                IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                        () -> ArenaManagement.register(arena, "io.arenagen.test:type=Arena,name=taken"));
                assertTrue(taken.getMessage().contains("already registered"), taken.getMessage());
                assertTrue(first.objectName().contains("name=taken"));
            }
        }
    }

    @Test
    void aClosedArenaIsRefused() {
        SlabAllocator arena = SlabArenas.local(1, 64);
        arena.close();
        assertThrows(IllegalStateException.class,
                () -> ArenaManagement.register(arena, "io.arenagen.test:type=Arena,name=closed"));
    }
}

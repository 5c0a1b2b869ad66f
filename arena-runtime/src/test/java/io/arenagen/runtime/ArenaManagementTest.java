package io.arenagen.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void closingAClosedRegistrationAgainLeavesALaterBeanUnderTheSameNameAlone() throws Exception {
        String objectName = "io.arenagen.test:type=Arena,name=reused";
        ObjectName name = new ObjectName(objectName);
        try (SlabAllocator first = SlabArenas.local(1, 64); SlabAllocator second = SlabArenas.local(2, 64)) {
            ArenaManagement.Registration earlier = ArenaManagement.register(first, objectName);
            earlier.close();
            try (ArenaManagement.Registration later = ArenaManagement.register(second, objectName)) {
                earlier.close();
                assertTrue(SERVER.isRegistered(name), "the earlier registration's second close removed the later bean");
                assertEquals(2L, SERVER.getAttribute(name, "Free"));
                assertEquals(later.objectName(), earlier.objectName());
            }
            assertFalse(SERVER.isRegistered(name));
        }
    }

    @Test
    void aRegistrationWhoseBeanWasUnregisteredThroughTheServerNeverRemovesAnother() throws Exception {
        String objectName = "io.arenagen.test:type=Arena,name=replaced";
        ObjectName name = new ObjectName(objectName);
        try (SlabAllocator first = SlabArenas.local(1, 64); SlabAllocator second = SlabArenas.local(2, 64)) {
            ArenaManagement.Registration earlier = ArenaManagement.register(first, objectName);
            SERVER.unregisterMBean(name);
            try (ArenaManagement.Registration later = ArenaManagement.register(second, objectName)) {
                earlier.close();
                assertTrue(SERVER.isRegistered(name), "closing the earlier registration removed the later bean");
                assertEquals(2L, SERVER.getAttribute(name, "Free"));
                assertTrue(later.objectName().contains("name=replaced"));
            }
            assertFalse(SERVER.isRegistered(name));
        }
    }

    @Test
    void theServersReservedDomainIsRefusedNamingTheValueAndTheFix() {
        try (SlabAllocator arena = SlabArenas.local(1, 64)) {
            IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                    () -> ArenaManagement.register(arena, "JMImplementation:type=Arena,name=feed"));
            assertTrue(reserved.getMessage().startsWith("\"JMImplementation:type=Arena,name=feed\" is in the domain "
                    + "JMImplementation, which the MBean server reserves for itself; use a domain of your own"),
                    reserved.getMessage());
        }
    }

    @Test
    void aConfinedArenaIsRefusedSayingWhatToDoInstead() {
        try (SlabAllocator arena = SlabArenas.confined(1, 64)) {
            IllegalArgumentException confined = assertThrows(IllegalArgumentException.class,
                    () -> ArenaManagement.register(arena, "io.arenagen.test:type=Arena,name=confined"));
            assertTrue(confined.getMessage().contains("is confined to the thread that created it"), confined.getMessage());
            assertTrue(confined.getMessage().contains("register a shared arena"), confined.getMessage());
            assertFalse(SERVER.isRegistered(new ObjectName("io.arenagen.test:type=Arena,name=confined")));
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCorruptPoolIsCountedAndFailsNoRead() throws Exception {
        String objectName = "io.arenagen.test:type=Arena,name=corrupt";
        ObjectName name = new ObjectName(objectName);
        try (SlabAllocator arena = SlabArenas.local(2, 64, 256);
             ArenaManagement.Registration registration = ArenaManagement.register(arena, objectName)) {
            assertEquals(0, SERVER.getAttribute(name, "CorruptPools"));
            long a = arena.allocateOffset(64);
            arena.allocateOffset(256);
            arena.deallocateOffset(a);
            arena.deallocateOffset(a); // a double free, unchecked: pool 0's list is now a cycle
            assertEquals(1, SERVER.getAttribute(name, "CorruptPools"));
            assertEquals(PoolStats.UNKNOWN, SERVER.getAttribute(name, "Free"));
            assertEquals(PoolStats.UNKNOWN, SERVER.getAttribute(name, "InUse"));
            CompositeData[] pools = (CompositeData[]) SERVER.getAttribute(name, "Pools");
            assertTrue(((String) pools[0].get("corruption")).contains("a cycle"), (String) pools[0].get("corruption"));
            assertEquals(PoolStats.UNKNOWN, pools[0].get("free"));
            assertNull(pools[1].get("corruption"));
            assertEquals(1L, pools[1].get("free"));
            assertTrue(registration.objectName().contains("name=corrupt"));
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

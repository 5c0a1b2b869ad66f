package io.arenagen.runtime;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Opt-in JMX for arenas: {@link #register} publishes an arena's {@link SlabAllocator#stats()} as an
 * {@link ArenaStatsMXBean} in the platform MBean server under a name the caller chooses, and the
 * returned {@link Registration} takes it away again. Nothing is registered unless this is called.
 *
 * <p>JMX clients read attributes on their own threads (RMI, JConsole's connection). A
 * {@linkplain SlabArenas#confined confined} arena refuses every thread but its owner, so its attributes
 * fail with {@link WrongThreadException} when read that way; register shared arenas, or take snapshots
 * on the owner thread. After the arena is closed, reads fail with {@link IllegalStateException}: close
 * the registration with the arena.
 */
public final class ArenaManagement {

    private ArenaManagement() {
    }

    /**
     * Registers {@code arena}'s statistics under {@code objectName} in the platform MBean server.
     *
     * @param arena the arena, open
     * @param objectName a JMX object name, for example {@code "io.arenagen:type=Arena,name=feed"}
     * @return the registration; {@link Registration#close()} unregisters
     * @throws IllegalArgumentException if {@code objectName} is not a valid object name or is a pattern,
     *     or a bean is already registered under it
     * @throws IllegalStateException if the arena is closed
     */
    public static Registration register(SlabAllocator arena, String objectName) {
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(objectName, "objectName");
        ObjectName name;
        try {
            name = new ObjectName(objectName);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("\"" + objectName + "\" is not a JMX object name (" + e.getMessage()
                    + "); write domain:key=value[,key=value], for example io.arenagen:type=Arena,name=feed", e);
        }
        if (name.isPattern()) {
            throw new IllegalArgumentException("\"" + objectName + "\" is an object name pattern; register under a "
                    + "name without wildcards, for example io.arenagen:type=Arena,name=feed");
        }
        arena.stats(); // a closed arena is refused now, not at the first read
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(new Bean(arena), name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalArgumentException("a bean is already registered under \"" + objectName + "\"; choose "
                    + "another name or close the earlier registration", e);
        } catch (JMException e) {
            throw new IllegalStateException("registering " + arena + " as \"" + objectName + "\" failed: " + e, e);
        }
        return new Registration(server, name);
    }

    /** An arena's statistics in the platform MBean server, until {@link #close()}. */
    public static final class Registration implements AutoCloseable {

        private final MBeanServer server;
        private final ObjectName name;

        private Registration(MBeanServer server, ObjectName name) {
            this.server = server;
            this.name = name;
        }

        /** The name the statistics are registered under, in canonical form (no JMX type in this API). */
        public String objectName() {
            return name.getCanonicalName();
        }

        /** Unregisters the bean; closing again, or after someone else unregistered it, does nothing. */
        @Override
        public void close() {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException alreadyGone) {
                // closed before, or unregistered through the server: either way nothing is left to remove
            } catch (JMException e) {
                throw new IllegalStateException("unregistering \"" + name + "\" failed: " + e, e);
            }
        }
    }

    /** The MXBean: every attribute read is a fresh snapshot. */
    private record Bean(SlabAllocator arena) implements ArenaStatsMXBean {

        @Override
        public String getArena() {
            return arena.stats().arena();
        }

        @Override
        public long getFree() {
            return arena.stats().free();
        }

        @Override
        public long getInUse() {
            return arena.stats().inUse();
        }

        @Override
        public long getExhaustions() {
            return arena.stats().exhaustions();
        }

        @Override
        public List<PoolStats> getPools() {
            return arena.stats().pools();
        }
    }
}

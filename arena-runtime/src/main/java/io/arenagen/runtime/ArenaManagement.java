package io.arenagen.runtime;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Opt-in JMX for arenas: {@link #register} publishes an arena's {@link SlabAllocator#stats()} as an
 * {@link ArenaStatsMXBean} in the platform MBean server under a name the caller chooses, and the
 * returned {@link Registration} takes it away again. Nothing is registered unless this is called.
 *
 * <p>JMX clients read attributes on their own threads (RMI, JConsole's connection), so a
 * {@linkplain SlabAllocator#confined() confined} arena, which refuses every thread but its owner, is
 * refused here: register shared arenas, or take snapshots on the owner thread. After the arena is
 * closed, reads fail with {@link IllegalStateException}: close the registration with the arena. A
 * corrupt pool does not fail a read: {@link ArenaStatsMXBean#getCorruptPools()} counts it.
 */
public final class ArenaManagement {

    private ArenaManagement() {
    }

    /**
     * Registers {@code arena}'s statistics under {@code objectName} in the platform MBean server.
     *
     * @param arena the arena, open and not confined
     * @param objectName a JMX object name, for example {@code "io.arenagen:type=Arena,name=feed"}
     * @return the registration; {@link Registration#close()} unregisters
     * @throws IllegalArgumentException if {@code arena} is confined, or {@code objectName} is not a valid
     *     object name, is a pattern, is in the server's reserved {@code JMImplementation} domain, or a bean
     *     is already registered under it
     * @throws IllegalStateException if the arena is closed
     */
    public static Registration register(SlabAllocator arena, String objectName) {
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(objectName, "objectName");
        if (arena.confined()) {
            throw new IllegalArgumentException(arena + " is confined to the thread that created it, and JMX clients "
                    + "read attributes on threads of their own, so every read would fail; register a shared arena "
                    + "(SlabArenas.local or shared, or @Arena without confined), or read stats() on the owner thread");
        }
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
        if (name.getDomain().equals(MBeanServerDelegate.DELEGATE_NAME.getDomain())) {
            throw new IllegalArgumentException("\"" + objectName + "\" is in the domain " + name.getDomain()
                    + ", which the MBean server reserves for itself; use a domain of your own, for example "
                    + "io.arenagen:type=Arena,name=feed");
        }
        arena.stats(); // a closed arena is refused now, not at the first read
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Registered bean = Registered.of(new Bean(arena));
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalArgumentException("a bean is already registered under \"" + objectName + "\"; choose "
                    + "another name or close the earlier registration", e);
        } catch (JMException e) {
            throw new IllegalStateException("registering " + arena + " as \"" + objectName + "\" failed: " + e, e);
        }
        return new Registration(server, name, bean);
    }

    /** An arena's statistics in the platform MBean server, until {@link #close()}. */
    public static final class Registration implements AutoCloseable {

        private final MBeanServer server;
        private final ObjectName name;
        private final Registered bean;
        /** Set by the first {@link #close()}; acquire-release through the atomic, so a close runs once. */
        private final AtomicBoolean closed = new AtomicBoolean();

        private Registration(MBeanServer server, ObjectName name, Registered bean) {
            this.server = server;
            this.name = name;
            this.bean = bean;
        }

        /** The name the statistics are registered under, in canonical form (no JMX type in this API). */
        public String objectName() {
            return name.getCanonicalName();
        }

        /**
         * Unregisters this registration's bean, and only that one. Closing again does nothing, and neither
         * does closing after the bean was unregistered through the server: a bean registered later under
         * the same name, by another registration or anyone else, stays. (The server has no "unregister if
         * it is still this bean": only someone else unregistering and registering under this name while
         * this close runs could slip between the check and the unregistration.)
         */
        @Override
        public void close() {
            if (!closed.compareAndSet(false, true) || !bean.registered()) {
                return;
            }
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException alreadyGone) {
                // unregistered through the server while this close ran: nothing is left to remove
            } catch (JMException e) {
                throw new IllegalStateException("unregistering \"" + name + "\" failed: " + e, e);
            }
        }
    }

    /**
     * The MXBean as the server holds it. It hears from the server when it is registered and unregistered
     * (the {@code MBeanRegistration} callbacks of {@link StandardMBean}), so that its {@link Registration}
     * knows whether the bean under its name is still this one.
     */
    private static final class Registered extends StandardMBean {

        /** Whether the server holds this bean; written by the server's callbacks, read by close(): volatile. */
        private volatile boolean registered;

        private Registered(Bean bean) throws NotCompliantMBeanException {
            super(bean, ArenaStatsMXBean.class, true);
        }

        static Registered of(Bean bean) {
            try {
                return new Registered(bean);
            } catch (NotCompliantMBeanException e) {
                throw new AssertionError("ArenaStatsMXBean is a compliant MXBean interface", e);
            }
        }

        boolean registered() {
            return registered;
        }

        @Override
        public void postRegister(Boolean registrationDone) {
            registered = registrationDone;
        }

        @Override
        public void postDeregister() {
            registered = false;
        }
    }

    /** The MXBean's attributes: every read is a fresh snapshot. */
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
        public int getCorruptPools() {
            return arena.stats().corruptPools();
        }

        @Override
        public List<PoolStats> getPools() {
            return arena.stats().pools();
        }
    }
}

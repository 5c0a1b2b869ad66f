package io.arenagen.runtime.memory;

import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.ProcessLiveness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private names under which {@link SharedObject} builds a new object before it publishes it:
 * {@code /<name>.arenagen-tmp.<pid namespace>.<pid>.<sequence>.<random>}, for example
 * {@code /feed.arenagen-tmp.4026531836.4711.1.9f3a1c02}. The name part is cut (at a character boundary)
 * where the whole would exceed {@value #NAME_MAX} bytes; it is there for people reading
 * {@code ls /dev/shm}, while the rest identifies the creator.
 *
 * <p>A creator that dies while it builds leaves its temporary object behind: nothing names it but that
 * file, so nothing else would ever remove it. Every creator therefore first removes the temporaries of
 * creators proven dead ({@link #removeLeftovers()}), judging each by the pid in its name, only within
 * the pid namespace that pid belongs to ({@link ProcessLiveness#isAlive} decides): a temporary of another
 * or an unknown pid namespace, or of a process that may be alive, is left alone. This process's own pid
 * in its own namespace is a previous incarnation's (a restarted container) unless one of its threads is
 * building that very name right now, which {@link #BUILDING} tells.
 */
final class TemporaryName {

    /** Longest file name in {@code /dev/shm} ({@code NAME_MAX}), in UTF-8 bytes. */
    static final int NAME_MAX = 255;

    /** What separates the name part from the creator's identity; names of this form are reserved. */
    static final String MARK = ".arenagen-tmp.";

    private static final Pattern FORM = Pattern.compile(".*" + Pattern.quote(MARK)
            + "(\\d{1,19})\\.(\\d{1,19})\\.(\\d{1,19})\\.([0-9a-f]{8})");

    private static final long SELF_PID = ProcessHandle.current().pid();
    /** Inode of this process's pid namespace, 0 if unknown: then no pid is judged at all. */
    private static final long SELF_NAMESPACE = ProcessLiveness.pidNamespace();
    /** Chosen once per process, so that a later process with a reused pid never builds under the same name. */
    private static final String INCARNATION = String.format("%08x", ThreadLocalRandom.current().nextInt());
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Temporary names (with the leading {@code /}) that threads of this process are building now. */
    private static final Set<String> BUILDING = ConcurrentHashMap.newKeySet();

    private TemporaryName() {
    }

    /**
     * A temporary name for building {@code name} that no other creator uses, registered as being built
     * by this process until {@link #release}.
     */
    static String reserve(String name) {
        String identity = MARK + SELF_NAMESPACE + "." + SELF_PID + "." + SEQUENCE.incrementAndGet() + "." + INCARNATION;
        String temporary = "/" + prefix(name.substring(1), NAME_MAX - identity.length()) + identity;
        BUILDING.add(temporary);
        return temporary;
    }

    /** Ends the registration of {@link #reserve}. */
    static void release(String temporary) {
        BUILDING.remove(temporary);
    }

    /** The longest start of {@code text} that fits in {@code maxBytes} of UTF-8 without splitting a character. */
    static String prefix(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            bytes += text.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                break;
            }
            end = next;
        }
        return text.substring(0, end);
    }

    /**
     * Whether {@code fileName} (a file in {@code /dev/shm}, no leading {@code /}) is a temporary object
     * whose creator is proven gone: of this pid namespace, and either of a pid that no process has (see
     * {@link ProcessLiveness#isAlive}) or of this process's pid but not being built by any of its threads.
     */
    static boolean abandoned(String fileName) {
        Matcher form = FORM.matcher(fileName);
        if (!form.matches() || SELF_NAMESPACE == 0) {
            return false;
        }
        long namespace;
        long pid;
        try {
            namespace = Long.parseLong(form.group(1));
            pid = Long.parseLong(form.group(2));
        } catch (NumberFormatException tooLarge) {
            return false;
        }
        if (namespace != SELF_NAMESPACE) {
            return false;
        }
        if (pid == SELF_PID) {
            return !BUILDING.contains("/" + fileName);
        }
        return !ProcessLiveness.isAlive(pid);
    }

    /**
     * Removes every {@linkplain #abandoned abandoned} temporary object from {@code /dev/shm}; returns how
     * many it removed. Best effort: an unreadable directory, or a file that another user owns or that
     * another process removed first, is left to whoever can remove it.
     */
    static int removeLeftovers() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(Libc.SHM_DIRECTORY), "*" + MARK + "*")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (abandoned(fileName) && !Libc.shmUnlink("/" + fileName).failed()) {
                    removed++;
                }
            }
        } catch (IOException | DirectoryIteratorException unreadable) {
            // Cleaning up after others must never stop this process from creating its own object.
        }
        return removed;
    }
}

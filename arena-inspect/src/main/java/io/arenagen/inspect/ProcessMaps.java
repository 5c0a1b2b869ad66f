package io.arenagen.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which processes map a shared object, as far as {@code /proc/<pid>/maps} shows: a line whose inode is the
 * object's and whose path is its file in {@code /dev/shm}. Processes of other users (whose maps this user
 * may not read), of other pid namespaces (containers), and processes that hold the object open without
 * mapping it are not seen; the first are counted so that the caller can say so.
 *
 * @param pids the processes seen mapping the object, in ascending order
 * @param unreadable how many processes' maps could not be read (other users' without root; a few, such as a
 *     container's init, not even as root)
 */
record ProcessMaps(List<Long> pids, int unreadable) {

    /** Where {@code /proc} is; a test points it at a crafted directory. */
    static final Path PROC = Path.of("/proc");

    /** The processes that map {@code file}, whose inode is {@code inode}, according to {@code proc}. */
    static ProcessMaps of(Path proc, Path file, long inode) {
        List<Long> pids = new ArrayList<>();
        int unreadable = 0;
        String path = file.toString();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, entry -> isPid(entry.getFileName()
                .toString()))) {
            for (Path process : processes) {
                try (Stream<String> lines = Files.lines(process.resolve("maps"))) {
                    if (lines.anyMatch(line -> maps(line, path, inode))) {
                        pids.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (NoSuchFileException ended) {
                    continue; // the process ended after it was listed: it maps nothing now
                } catch (IOException | UncheckedIOException denied) {
                    if (Files.exists(process)) {
                        unreadable++; // EACCES: another user's process, or one that even root may not trace
                    } // else it ended while its maps were read (ESRCH)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        pids.sort(null);
        return new ProcessMaps(List.copyOf(pids), unreadable);
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /**
     * Whether one maps line ({@code address perms offset dev inode path}) maps {@code path} with inode
     * {@code inode}. A deleted object reads {@code path (deleted)} and has its own inode, so it never matches.
     */
    static boolean maps(String line, String path, long inode) {
        String[] fields = line.trim().split("\\s+", 6);
        return fields.length == 6 && fields[5].equals(path) && fields[4].equals(Long.toString(inode));
    }
}

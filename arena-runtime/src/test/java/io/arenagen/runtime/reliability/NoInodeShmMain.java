package io.arenagen.runtime.reliability;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.SlabAllocator;
import io.arenagen.runtime.SlabArenas;
import io.arenagen.runtime.internal.Errno;

/**
 * Child main, run where {@code /dev/shm} is a tmpfs with room for one file only ({@code nr_inodes=2}, the
 * root directory being the other): a new object can be built under its temporary name, but linking it to
 * its name needs one more inode and fails. Prints {@code LINK <errno> <message>} and
 * {@code LEFT <files in /dev/shm>}.
 */
public final class NoInodeShmMain {

    private NoInodeShmMain() {
    }

    public static void main(String[] args) throws Exception {
        try (SlabAllocator arena = SlabArenas.shared("/no-inode", 4, 16)) {
            System.out.println("LINK published " + arena.totalSize());
        } catch (ArenaException e) {
            System.out.println("LINK " + Errno.name(e.errno()) + " " + e.getMessage());
        }
        System.out.println("LEFT " + FullShmMain.files());
    }
}

package io.arenagen.benchmarks;

import java.io.IOException;
import java.io.InputStream;

/**
 * Watches this process's standard input from a daemon thread and tells when it ended: a child JVM's
 * signal to stop, sent by a parent that closes the pipe ({@link ChildJvm#stop()}) or dies.
 */
public final class InputWatch {

    private volatile boolean ended;

    private InputWatch() {
    }

    /** Starts watching {@link System#in}. */
    public static InputWatch start() {
        InputWatch watch = new InputWatch();
        Thread watcher = new Thread(watch::awaitEnd, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return watch;
    }

    /** Whether standard input has ended (a volatile read: cheap enough for a spin loop's rare path). */
    public boolean ended() {
        return ended;
    }

    private void awaitEnd() {
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // only the end of the stream matters
            }
        } catch (IOException e) {
            // the parent is gone either way
        }
        ended = true;
    }
}

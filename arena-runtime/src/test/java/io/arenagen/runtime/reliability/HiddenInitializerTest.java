package io.arenagen.runtime.reliability;

import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.testkit.ChildJvm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An initializer that is alive but looks dead from where the waiter stands must never be taken over
 * (that would hand its chunks out twice): a process of another user behind {@code /proc} mounted
 * {@code hidepid=invisible}, and a process whose main thread exited (state Z in {@code /proc/<pid>/stat})
 * while another thread still runs. Only ESRCH from {@code kill(pid, 0)}, or every thread a zombie,
 * proves death.
 */
@Timeout(60)
class HiddenInitializerTest {

    private static final ArenaLayout LAYOUT = ArenaLayout.of(6, 16, 128);

    private final ShmFixture shm = new ShmFixture();

    @AfterEach
    void unlink() {
        shm.close();
    }

    @Test
    @Tag("stress") // a child JVM: PIT's mutants live in this JVM, so it would only slow mutation runs down
    void anotherUsersInitializerHiddenByHidepidIsNotTakenOver() throws Exception {
        HostileHost.assumeMountNamespaces();
        HostileHost.assumeRootWith("setpriv", "sleep");
        String name = shm.name("hidepid");
        Process live = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "sleep", "60").start();
        Path file = busyPool(name, live.pid());
        byte[] before = Files.readAllBytes(file);
        try (ChildJvm child = startOpenerBehindHidepid(name, live.pid())) {
            assertEquals("VISIBLE false", child.awaitLine("VISIBLE", Duration.ofSeconds(30)),
                    "premise: /proc/<pid> is invisible to the opener");
            String outcome = child.awaitLine("", Duration.ofSeconds(30));
            assertTrue(outcome.startsWith("REFUSED") && outcome.contains("(pid " + live.pid() + ") is still running"),
                    "a live initializer must not be taken over: " + child.transcript());
            assertEquals(0, child.awaitExit(Duration.ofSeconds(20)), child.transcript());
            assertTrue(live.isAlive(), "premise: the initializer lived throughout");
            assertArrayEquals(before, Files.readAllBytes(file), "the pool must be left untouched");
        } finally {
            live.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void processWhoseMainThreadExitedIsNotTakenOver(@TempDir Path dir) throws Exception {
        HostileHost.assumeRootWith("gcc");
        Path source = dir.resolve("leader_exits.c");
        Files.writeString(source, """
                #include <pthread.h>
                #include <stdio.h>
                #include <unistd.h>
                static void *sleeper(void *unused) { sleep(60); return unused; }
                int main(void) {
                    pthread_t thread;
                    if (pthread_create(&thread, NULL, sleeper, NULL) != 0) return 1;
                    printf("started\\n");
                    fflush(stdout);
                    pthread_exit(NULL); /* the process lives on in the sleeper thread */
                }
                """);
        Path binary = dir.resolve("leader_exits");
        HostileHost.run(List.of("gcc", "-pthread", "-o", binary.toString(), source.toString()));
        Process process = new ProcessBuilder(binary.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("started", out.readLine());
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(stat).contains(") Z ") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(Files.readString(stat).contains(") Z "), "premise: the leader thread shows state Z");
            String name = shm.name("leader-z");
            Path file = busyPool(name, process.pid());
            DeadInitializerTest.assertStuck(name, file, "pid " + process.pid() + ") is still running");
            assertTrue(process.isAlive(), "premise: the process lived throughout");
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Creates {@code name} with pool 0 busy, initialized by {@code pid} of this pid namespace. */
    private static Path busyPool(String name, long pid) throws Exception {
        Path file = ShmFixture.create(name, ShmFixture.objectSize(LAYOUT));
        ShmFixture.putLong(file, LAYOUT.poolOffset(0), PoolHeader.MAGIC_BUSY);
        ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_OFFSET, pid);
        ShmFixture.putLong(file, LAYOUT.poolOffset(0) + PoolHeader.INITIALIZER_PID_NAMESPACE_OFFSET, ShmFixture.pidNamespace());
        return file;
    }

    private static ChildJvm startOpenerBehindHidepid(String name, long pid) {
        // uid 0 without capabilities or group 0 (hidepid exempts the gid= group, 0 by default): kill(pid, 0) on
        // another user's process says EPERM, and a /proc mounted
        // hidepid=invisible hides that process; the private mount namespace keeps the mount to the child.
        return ChildJvm.startWrapped(List.of("unshare", "-m", "sh", "-c",
                "mount -t proc -o hidepid=invisible proc /proc && exec setpriv --regid=65534 --clear-groups "
                        + "--inh-caps=-all --bounding-set=-all \"$@\"",
                "sh"), BusyPoolOpenerMain.class, name, Long.toString(pid));
    }
}

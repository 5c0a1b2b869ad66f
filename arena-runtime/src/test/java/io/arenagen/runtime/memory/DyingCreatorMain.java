package io.arenagen.runtime.memory;

import io.arenagen.runtime.internal.Libc;

/**
 * Child main for {@link DeadCreatorTest}: starts creating shared object {@code args[0]} and, inside the
 * initializer (the object complete but not yet published), prints {@code BUILDING} and sleeps until it is
 * killed.
 */
public final class DyingCreatorMain {

    private DyingCreatorMain() {
    }

    public static void main(String[] args) {
        SharedObject.open(args[0], Libc.pageSize(), 0600, 0, "test", false, memory -> {
            System.out.println("BUILDING");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).close();
        System.out.println("UNEXPECTEDLY PUBLISHED");
    }
}

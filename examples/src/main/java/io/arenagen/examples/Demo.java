package io.arenagen.examples;

import io.arenagen.examples.injection.Wiring;
import io.arenagen.examples.promotion.PromotionDemo;
import io.arenagen.examples.quickstart.QuickStart;
import io.arenagen.examples.shared.SharedMemoryDemo;

import java.io.PrintStream;

/** Runs every example in turn; exits 0 when all of them did what they promise, 1 otherwise. */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            out.println("1. Quick start: a Sample in a 64-byte chunk");
            QuickStart.run(out);
            out.println("2. Promotion: allocate vs tryAllocate on three pools");
            PromotionDemo.run(out);
            out.println("3. Injection: a service gets its arena by interface");
            Wiring.run(out);
            out.println("4. Two processes, one shared arena");
            SharedMemoryDemo.run(out, SharedMemoryDemo.MESSAGES);
            out.println("All examples passed.");
        } catch (Exception | Error e) {
            out.flush();
            System.err.println("Demo failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}

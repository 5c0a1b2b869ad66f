/**
 * Runnable programs that use arenagen as a user's build would: the processor on the compiler's
 * processor path, the runtime as a dependency. {@link io.arenagen.examples.Demo} runs them all.
 */
package io.arenagen.examples;

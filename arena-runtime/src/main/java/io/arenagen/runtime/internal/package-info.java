/**
 * Linux libc bindings through the FFM {@code Linker}, and the set-up machinery built on them: process
 * liveness, backoff, and {@link io.arenagen.runtime.internal.ReadyOnce}, the initialization protocol of
 * every shared object (pools and queues). Not exported. Every binding captures {@code errno} so that
 * failures can be reported with it.
 */
package io.arenagen.runtime.internal;

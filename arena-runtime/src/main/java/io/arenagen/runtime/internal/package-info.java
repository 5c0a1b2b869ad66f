/**
 * Linux libc bindings through the FFM {@code Linker}; not exported. Every binding captures
 * {@code errno} so that failures can be reported with it.
 */
package io.arenagen.runtime.internal;

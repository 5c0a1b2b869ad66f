/** The annotation processor for {@code @Arena}. */
package io.arenagen.processor;

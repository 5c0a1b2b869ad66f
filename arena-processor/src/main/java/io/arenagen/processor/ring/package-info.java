/**
 * The {@code @Ring} declaration kind of the annotation processor: validation on the annotation's values
 * (with the run-time rules of {@code io.arenagen.runtime.queue}) and generation of {@code <Interface>Impl}.
 */
package io.arenagen.processor.ring;

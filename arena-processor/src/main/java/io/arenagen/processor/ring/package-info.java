/**
 * The {@code @Ring} declaration kind: {@code RingDeclarations} checks a declaration ({@code RingValidator},
 * with the run-time rules of {@code io.arenagen.runtime.queue}) into the immutable {@code RingModel} and
 * generates {@code <Interface>Impl} from it ({@code RingGenerator}). It reads the container table through
 * {@code RingContainer}, which the entry point fills from {@code inject}, and writes through
 * {@code common.SourceWriter}.
 */
package io.arenagen.processor.ring;

/**
 * What every declaration kind of the processor shares: error reporting with the tags of
 * {@code docs/errors.md} ({@code ErrorReporter}, {@code ProcessorError}), whether generated code may carry
 * {@code @Generated} ({@code GeneratedVisibility}), and the writer a kind hands its generated files to
 * ({@code SourceWriter}). Depends on no other package of the processor.
 */
package io.arenagen.processor.common;

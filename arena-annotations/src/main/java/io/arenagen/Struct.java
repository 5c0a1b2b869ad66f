package io.arenagen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a record to be a C-compatible struct that lives in arena chunks (or any memory segment).
 * The annotation processor of {@code arena-processor} generates {@code <Record>Struct} beside it (for a
 * nested record {@code Outer.Inner}: {@code Outer_InnerStruct}): its size, alignment and field offsets
 * as constants, a {@code java.lang.foreign.StructLayout}, and allocation-free static accessors over
 * {@code (MemorySegment memory, long offset)}.
 *
 * <pre>{@code
 * @Struct
 * public record Sample(int id, float value) {}          // struct Sample { int32_t id; float value; };
 *
 * @Struct
 * public record Quote(long time, @Length(8) byte[] symbol, Sample sample, boolean firm) {}
 * }</pre>
 *
 * <p>Components are laid out in declaration order, each at the next multiple of its alignment, and
 * the size is rounded up to the struct's alignment (the largest of its components'): what gcc gives
 * the equivalent C struct of fixed-width types on x86-64 and aarch64. Little-endian.
 *
 * <table>
 * <caption>Component types</caption>
 * <tr><th>Java</th><th>bytes, alignment</th><th>C</th></tr>
 * <tr><td>{@code boolean}</td><td>1, 1 (0 or 1)</td><td>{@code bool}</td></tr>
 * <tr><td>{@code byte}</td><td>1, 1</td><td>{@code int8_t}</td></tr>
 * <tr><td>{@code short}</td><td>2, 2</td><td>{@code int16_t}</td></tr>
 * <tr><td>{@code char}</td><td>2, 2 (unsigned)</td><td>{@code uint16_t}</td></tr>
 * <tr><td>{@code int}</td><td>4, 4</td><td>{@code int32_t}</td></tr>
 * <tr><td>{@code float}</td><td>4, 4</td><td>{@code float}</td></tr>
 * <tr><td>{@code long}</td><td>8, 8</td><td>{@code int64_t}</td></tr>
 * <tr><td>{@code double}</td><td>8, 8</td><td>{@code double}</td></tr>
 * <tr><td>a {@code @Struct} record</td><td>its size and alignment, by value</td><td>the struct</td></tr>
 * <tr><td>{@code @Length(n)} array of a primitive</td><td>{@code n} elements</td><td>{@code T name[n]}</td></tr>
 * </table>
 *
 * <p>Anything else is a compile error on the component: reference types (classes, enums,
 * interfaces, {@code String}, records without {@code @Struct}), arrays without {@link Length}, a
 * struct that contains itself. The record itself must not be generic.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Struct {
}

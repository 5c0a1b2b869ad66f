package io.arenagen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The fixed number of elements of an array component of a {@link Struct} record, as in C's
 * {@code int8_t symbol[8]}: {@code @Length(8) byte[] symbol}. At least 1. The array is stored in
 * place, and writing a record whose array has another length throws {@code IllegalArgumentException}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface Length {

    /** Elements of the array, at least 1. */
    int value();
}

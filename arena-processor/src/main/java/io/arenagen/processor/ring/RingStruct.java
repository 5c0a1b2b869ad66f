package io.arenagen.processor.ring;

import com.palantir.javapoet.ClassName;

/**
 * A {@code @Struct} record as a queue element: what the processor's struct declaration kind knows of it.
 *
 * @param record the record
 * @param generated its generated {@code <Record>Struct}, with {@code read}, {@code write} and the constants
 * @param bytes {@code sizeof} the struct
 * @param alignment {@code alignof} the struct
 * @param notGenerated why the generated class is missing (a record from a class file built without the
 *     processor) and how to fix it, or null when it is there
 */
public record RingStruct(ClassName record, ClassName generated, long bytes, long alignment, String notGenerated) {
}

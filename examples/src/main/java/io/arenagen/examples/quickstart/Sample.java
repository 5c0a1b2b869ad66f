package io.arenagen.examples.quickstart;

import io.arenagen.Struct;

/**
 * {@code struct Sample { int32_t id; float value; }}, the C++ allocator documentation's example type, as
 * a {@code @Struct} record: the processor lays it out as the C++ compiler does (8 bytes, 4-byte aligned)
 * and generates {@code SampleStruct}, its offsets, layout and accessors.
 *
 * @param id the sample's identifier
 * @param value the measured value
 */
@Struct
public record Sample(int id, float value) {
}

package io.arenagen.benchmarks;

import io.arenagen.Length;
import io.arenagen.Struct;

/**
 * A market-data quote as a C struct (40 bytes), for {@link StructAccessBenchmark}.
 *
 * @param sequence the publication sequence, written last with release semantics
 * @param time nanoseconds since the epoch
 * @param price the quoted price
 * @param size the quoted size
 * @param symbol the instrument's symbol, ASCII, zero-padded
 */
@Struct
public record Quote(long sequence, long time, double price, int size, @Length(8) byte[] symbol) {
}

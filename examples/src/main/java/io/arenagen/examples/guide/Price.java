package io.arenagen.examples.guide;

import io.arenagen.Struct;

/**
 * A price in ticks and a decimal scale.
 *
 * @param ticks the price in ticks
 * @param scale the number of decimals
 */
@Struct public record Price(long ticks, byte scale) {}

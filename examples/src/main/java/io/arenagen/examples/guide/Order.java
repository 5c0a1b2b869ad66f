package io.arenagen.examples.guide;

import io.arenagen.Length;
import io.arenagen.Struct;

/**
 * An order as the structs page lays it out.
 *
 * @param id the order's identifier
 * @param live whether it is still live
 * @param side 'B' or 'S'
 * @param qty the quantity
 * @param symbol the symbol, eight bytes
 * @param price the limit price, nested by value
 */
@Struct public record Order(int id, boolean live, char side, double qty, @Length(8) byte[] symbol, Price price) {}

package io.arenagen.examples.cxx;

import io.arenagen.Length;
import io.arenagen.Struct;

/**
 * An order that Java sends to the C++ engine; {@code struct Order} in {@code order_engine.cpp}.
 *
 * @param id the order's number; -1 tells the engine to stop
 * @param quantity how many
 * @param limit the worst acceptable price
 * @param symbol the instrument, eight ASCII bytes
 */
@Struct public record Order(long id, int quantity, double limit, @Length(8) byte[] symbol) {}

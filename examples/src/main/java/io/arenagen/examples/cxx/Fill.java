package io.arenagen.examples.cxx;

import io.arenagen.Struct;

/**
 * The C++ engine's answer to an {@link Order}; {@code struct Fill} in {@code order_engine.cpp}.
 *
 * @param orderId the order filled
 * @param quantity how many
 * @param price the price it was filled at
 */
@Struct public record Fill(long orderId, int quantity, double price) {}

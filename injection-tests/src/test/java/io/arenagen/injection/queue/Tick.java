package io.arenagen.injection.queue;

import io.arenagen.Struct;

/**
 * The element of {@link SpringTicks}, as a C struct.
 *
 * @param id which tick
 * @param price its price in ticks of the instrument
 */
@Struct
public record Tick(long id, long price) {
}

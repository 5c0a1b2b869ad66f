package io.arenagen.runtime.pool;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: a request found a pool empty. Emitted by {@link AbstractSlabArena#countExhaustion} on the
 * slow path only, once per empty pool a request met (a promoting {@code allocate} that finds two pools
 * empty emits two). Disabled by default, as JFR does for events that can be frequent: enable
 * {@value #NAME} in a recording's settings.
 */
@Name(ExhaustionEvent.NAME)
@Label("Arena Pool Exhausted")
@Category({"arenagen"})
@Description("A request found a slab arena's pool empty")
@Enabled(false)
final class ExhaustionEvent extends Event {

    /** The event's name in recordings and settings. */
    static final String NAME = "io.arenagen.Exhaustion";

    @Label("Arena")
    @Description("The arena: its class and its memory, for example a shared object's name")
    String arena;

    @Label("Pool")
    @Description("Index of the empty pool, 0 for the smallest chunk size")
    int pool;

    @Label("Chunk Size")
    @DataAmount(DataAmount.BYTES)
    long chunkSize;

    @Label("Requested Size")
    @DataAmount(DataAmount.BYTES)
    long requestedSize;
}

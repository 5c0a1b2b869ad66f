package io.arenagen.runtime.pool;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: {@code allocate} served a request from a larger pool than the smallest that fits, because
 * that one (and any between) was empty. Emitted by {@link AbstractSlabArena#promoted} on the slow path
 * only. Disabled by default, as JFR does for events that can be frequent: enable {@value #NAME} in a
 * recording's settings.
 */
@Name(PromotionEvent.NAME)
@Label("Arena Promotion")
@Category({"arenagen"})
@Description("A slab arena served a request from a larger pool because the smallest fitting pool was empty")
@Enabled(false)
final class PromotionEvent extends Event {

    /** The event's name in recordings and settings. */
    static final String NAME = "io.arenagen.Promotion";

    @Label("Arena")
    @Description("The arena: its class and its memory, for example a shared object's name")
    String arena;

    @Label("Requested Size")
    @DataAmount(DataAmount.BYTES)
    long requestedSize;

    @Label("From Pool")
    @Description("The smallest pool that fits the request, found empty")
    int fromPool;

    @Label("To Pool")
    @Description("The pool that served the request")
    int toPool;
}

package io.arenagen.runtime.stress;

/**
 * Who holds which chunk, kept outside the arena under test: one word per chunk, {@code 0} when
 * nobody holds it, otherwise the holder's id. A chunk handed out while another holder still has it
 * shows up as a failed {@link #claim}.
 */
interface OwnershipTable {

    /** Sets {@code slot} from 0 to {@code owner} atomically; false if someone else holds it. */
    boolean claim(int slot, int owner);

    /** Sets {@code slot} from {@code owner} back to 0 atomically; false if {@code owner} did not hold it. */
    boolean release(int slot, int owner);

    /** The current holder of {@code slot}, 0 if none. */
    int holder(int slot);

    /** Number of slots. */
    int slots();
}

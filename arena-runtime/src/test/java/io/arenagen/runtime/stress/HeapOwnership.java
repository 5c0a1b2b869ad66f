package io.arenagen.runtime.stress;

import java.util.concurrent.atomic.AtomicIntegerArray;

/** An {@link OwnershipTable} for threads of one process: an {@link AtomicIntegerArray}. */
final class HeapOwnership implements OwnershipTable {

    private final AtomicIntegerArray holders;

    HeapOwnership(int slots) {
        this.holders = new AtomicIntegerArray(slots);
    }

    @Override
    public boolean claim(int slot, int owner) {
        return holders.compareAndSet(slot, 0, owner);
    }

    @Override
    public boolean release(int slot, int owner) {
        return holders.compareAndSet(slot, owner, 0);
    }

    @Override
    public int holder(int slot) {
        return holders.get(slot);
    }

    @Override
    public int slots() {
        return holders.length();
    }
}

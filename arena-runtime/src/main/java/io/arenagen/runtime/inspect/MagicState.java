package io.arenagen.runtime.inspect;

import io.arenagen.runtime.layout.PoolHeader;

/** What a pool's magic word says about it. */
public enum MagicState {
    /** 0: nobody has started to initialize the pool. */
    FRESH,
    /** {@code 0xFFFFFFFFFFFFFFFF}: a process is writing its free list, or died doing so. */
    BUSY,
    /** {@code 0x9F7E3B2A8D5C4E1B}: the free list is in use. */
    READY,
    /** Any other value: these bytes are not an arena pool of this layout. */
    FOREIGN;

    /** The state that magic word {@code magic} stands for. */
    public static MagicState of(long magic) {
        if (magic == PoolHeader.MAGIC_FRESH) {
            return FRESH;
        }
        if (magic == PoolHeader.MAGIC_BUSY) {
            return BUSY;
        }
        return magic == PoolHeader.MAGIC_READY ? READY : FOREIGN;
    }
}

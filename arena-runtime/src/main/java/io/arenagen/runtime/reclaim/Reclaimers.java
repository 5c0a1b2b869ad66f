package io.arenagen.runtime.reclaim;

import io.arenagen.runtime.ArenaException;
import io.arenagen.runtime.internal.Libc;
import io.arenagen.runtime.internal.LittleEndian;
import io.arenagen.runtime.layout.ArenaLayout;
import io.arenagen.runtime.layout.PoolHeader;
import io.arenagen.runtime.memory.MappedRegion;
import io.arenagen.runtime.memory.ReadOnlyMapping;
import io.arenagen.runtime.memory.SharedObject;
import io.arenagen.runtime.pool.AttachRefusal;

import java.util.Optional;

/**
 * Reclamation on request from outside the arena's processes ({@code arena-inspect --reclaim},
 * {@code SharedMemory.reclaim}): the configuration comes from the companion, the arena is attached to
 * (never created) and judged by the attach check, and every dead slot is reclaimed without taking a slot.
 */
public final class Reclaimers {

    private Reclaimers() {
    }

    /**
     * Reclaims every dead slot of arena {@code name}'s companion.
     *
     * @return how many chunks went back
     * @throws IllegalArgumentException if the name is invalid or too long for a companion
     * @throws ArenaException if the arena or its companion does not exist or cannot be opened read-write by
     *     this user, the companion is refused, or a pool of the arena is refused or not ready
     */
    public static long reclaim(String name) {
        Owners.requireNameFits(name);
        String companionName = CompanionLayout.nameOf(name);
        ArenaLayout layout;
        try (ReadOnlyMapping companion = ReadOnlyMapping.open(companionName)) {
            Optional<String> shape = CompanionLayout.shapeRefusal(companion.segment());
            if (shape.isPresent()) {
                throw new ArenaException("shared object " + companionName + ", the owners companion of arena " + name
                        + ", is refused: " + shape.get() + ". Nothing was reclaimed.");
            }
            layout = CompanionLayout.layoutOf(companion.segment());
        }
        MappedRegion arena = SharedObject.open(name, layout.mappedSize(Libc.pageSize()), 0600, 0L, layout.describe(),
                true, fresh -> {
                    throw new ArenaException("there is no arena " + name + " (only its companion " + companionName
                            + "): nothing to reclaim into, and nothing was created. Remove the companion "
                            + "(SharedMemory.unlink(\"" + name + "\")).");
                });
        try {
            for (int pool = 0; pool < layout.poolCount(); pool++) {
                Optional<AttachRefusal> refusal = AttachRefusal.of(arena.segment(), layout, "shared object " + name,
                        pool);
                if (refusal.isPresent()) {
                    throw refusal.get().exception();
                }
                long magic = arena.segment().get(LittleEndian.LONG_UNALIGNED, layout.poolOffset(pool));
                if (magic != PoolHeader.MAGIC_READY) {
                    throw new ArenaException("pool " + pool + " of shared object " + name + " is not ready (magic 0x"
                            + Long.toHexString(magic) + "): nothing was reclaimed. Open the arena from a process first.");
                }
            }
            return Owners.reclaimOnce(name, layout, arena, 0600, true);
        } finally {
            arena.close();
        }
    }
}

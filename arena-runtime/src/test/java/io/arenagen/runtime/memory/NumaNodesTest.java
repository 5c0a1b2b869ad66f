package io.arenagen.runtime.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The highest node of a kernel node list bounds {@code mbind}'s node number. */
class NumaNodesTest {

    @Test
    void highestNodeOfKernelLists() {
        assertEquals(0, MappedRegion.highestNode("0"));
        assertEquals(3, MappedRegion.highestNode("0-3"));
        assertEquals(8, MappedRegion.highestNode("0-3,8"));
        assertEquals(5, MappedRegion.highestNode("4-5,1"));
    }

    @Test
    void unknownListsFallBackToTheKernelsLimit() {
        assertEquals(MappedRegion.MAX_NUMA_NODES - 1, MappedRegion.highestNode(null));
        assertEquals(MappedRegion.MAX_NUMA_NODES - 1, MappedRegion.highestNode(""));
        assertEquals(MappedRegion.MAX_NUMA_NODES - 1, MappedRegion.highestNode("n/a"));
        assertEquals(MappedRegion.MAX_NUMA_NODES - 1, MappedRegion.highestNode("0-99999"));
    }
}

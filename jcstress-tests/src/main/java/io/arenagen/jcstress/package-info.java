/**
 * jcstress tests of the orderings arenagen's hot paths rely on: the shared free list's pop and push
 * ({@code FreeList}) and its batches ({@code FreeListBatch}, what thread caches refill and drain with), and
 * the queues' offer and poll ({@code LongRing}, SPSC, MPSC and MPMC). Each test names the outcomes that are
 * correct; every other outcome is forbidden. Run with {@code -Pjcstress} (see docs/performance.md).
 */
package io.arenagen.jcstress;

/**
 * Issue 21's two-process latency harness: round trips of a 64-byte message between two JVMs at a fixed
 * send rate, over an arenagen shared arena and {@code @Ring} queues and over Agrona's ring buffers in a
 * shared file, measured with HdrHistogram from the intended send time. Run {@link
 * io.arenagen.benchmarks.latency.RoundTrip}.
 */
package io.arenagen.benchmarks.latency;

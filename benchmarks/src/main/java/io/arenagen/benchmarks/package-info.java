/** JMH benchmarks of arenagen against its peers. */
package io.arenagen.benchmarks;

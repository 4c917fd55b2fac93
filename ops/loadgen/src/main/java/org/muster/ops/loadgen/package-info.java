/**
 * The load generator: drives a running Muster through its public interface only (REST with a token, /ws/device,
 * OsmAnd HTTP, JT/T 808 TCP, /ws/console) and measures what a console sees: end-to-end latency of positions,
 * throughput, bytes per console, and whether every non-position event reached every console without a gap.
 * {@link org.muster.ops.loadgen.LoadGen} is the composition root; each other verticle owns its connections and its
 * {@link org.muster.ops.loadgen.Stats}, merged when the run ends.
 */
package org.muster.ops.loadgen;

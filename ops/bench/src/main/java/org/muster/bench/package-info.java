/**
 * JMH benchmarks of the geo stage: the moving-point index (moves, filtered k-nearest at several selectivities) and
 * the whole recommendation, on synthetic teams clustered around China's cities. Results and the commands that made
 * them are in docs/benchmarks.md. Each benchmark state is confined to JMH's one benchmark thread, as the index is
 * confined to one thread in the server.
 */
package org.muster.bench;

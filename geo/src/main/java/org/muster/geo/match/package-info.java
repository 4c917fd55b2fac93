/**
 * Matching: from an incident's requirements (capabilities with quantities, "pumping >= 3000 m3/h", "2 x life
 * detector") to ranked candidates per requirement, one proposed set of teams that covers them all with the earliest
 * last arrival, and for each requirement that cannot be covered, why.
 *
 * <p>The flow of {@link org.muster.geo.match.Matcher#recommend}: filtered k-nearest queries on the
 * {@link org.muster.geo.index.MovingPointIndex} (one per requirement and transport present), an ETA per candidate
 * from an {@link org.muster.geo.match.EtaModel} (speed profiles and blocked areas by default; a road router later),
 * a staleness penalty for old positions, then the cover, then relaxed re-queries only for what stayed uncovered.
 *
 * <p>Threading: the {@link org.muster.geo.match.Matcher} runs on the index's thread; the value types are immutable.
 */
package org.muster.geo.match;

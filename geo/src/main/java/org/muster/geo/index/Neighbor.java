package org.muster.geo.index;

/**
 * One answer of a nearest query: the team and its exact geodesic distance (WGS 84, GeographicLib) from the query
 * point, in metres. Immutable.
 */
public record Neighbor(TeamPoint point, double distanceMeters) {
}

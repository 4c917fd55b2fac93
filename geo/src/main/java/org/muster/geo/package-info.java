/**
 * Muster's geometry for dispatch, in pure Java (JTS, GeographicLib, proj4j): no Vert.x, no Hazelcast, no protocol.
 *
 * <p>The stages, in the order a recommendation uses them:
 * <ol>
 *   <li>{@link org.muster.geo.crs}: positions arriving in GCJ-02, BD-09 or Web Mercator become WGS 84; geodesic
 *       distance and bearing on the WGS 84 ellipsoid.</li>
 *   <li>{@link org.muster.geo.index}: the moving-point index, the primary filter: filtered k-nearest teams.</li>
 *   <li>{@link org.muster.geo.zone}: prepared polygons for incident areas and blocked areas (roads cut).</li>
 *   <li>{@link org.muster.geo.match}: requirements with quantities, ETA, ranking and one proposed covering set.</li>
 * </ol>
 * Longitude is x and comes first everywhere, in every signature and every array.
 */
package org.muster.geo;

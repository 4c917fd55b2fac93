/**
 * Areas on the map, prepared once and asked many times: an incident's affected area (is this point inside?) and
 * blocked areas where roads are cut (does the way from a team to an incident cross one, and which?). Polygons are
 * WGS 84 longitude/latitude, validated on the way in with messages that say what is wrong and where, and held as
 * JTS prepared geometries behind an envelope check, so that the common "far away from every blocked area" answer
 * costs a few comparisons.
 *
 * <p>Everything here is immutable after construction and safe to share between threads.
 */
package org.muster.geo.zone;

/**
 * Coordinate reference systems at the edge: everything Muster stores and indexes is WGS 84 longitude/latitude
 * (CGCS2000 agrees with it to centimetres). Positions that arrive in the Chinese offset systems (GCJ-02 used by
 * Amap/Tencent, BD-09 used by Baidu) or in Web Mercator metres are converted here, once, on arrival; and the
 * console's Web Mercator tiles are computed here. {@link org.muster.geo.crs.Geodesy} gives exact distances and
 * bearings on the WGS 84 ellipsoid, which is what final rankings use.
 *
 * <p>All classes here are stateless or immutable and safe to call from any thread.
 */
package org.muster.geo.crs;

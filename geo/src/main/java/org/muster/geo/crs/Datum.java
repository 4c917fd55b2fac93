package org.muster.geo.crs;

/**
 * The geodetic systems a longitude/latitude pair may arrive in. Immutable; safe to share between threads.
 *
 * <p>The order of the constants is stable and carries no meaning.
 */
public enum Datum {
    /** WGS 84 (EPSG:4326): what Muster stores, indexes and sends. */
    WGS84,
    /** China Geodetic Coordinate System 2000 (EPSG:4490), what Beidou receivers report; equal to WGS 84 here. */
    CGCS2000,
    /** The GCJ-02 offset system of Chinese web maps (Amap/Gaode, Tencent). */
    GCJ02,
    /** Baidu's BD-09: GCJ-02 plus Baidu's own rotation and shift. */
    BD09
}

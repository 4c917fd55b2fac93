package org.muster.server.ingest;

/**
 * One position fix as a device reported it, converted to WGS 84 degrees and epoch milliseconds (UTC), before it is
 * bound to a team. Optional measurements are null when the device did not send them. Immutable.
 *
 * @param timeMs     when the device took the fix (device clock), epoch milliseconds UTC
 * @param lon        longitude, -180..180
 * @param lat        latitude, -90..90
 * @param accuracyM  horizontal accuracy in metres
 * @param speedMps   speed over ground in metres per second
 * @param headingDeg course over ground, 0..360 clockwise from true north
 * @param altitudeM  altitude in metres
 * @param battery    battery level 0..1
 */
public record Fix(long timeMs, double lon, double lat, Float accuracyM, Float speedMps, Float headingDeg,
                  Float altitudeM, Float battery) {

    public Fix {
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("longitude " + lon + " is outside -180..180");
        }
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("latitude " + lat + " is outside -90..90");
        }
    }

    public static Fix at(long timeMs, double lon, double lat) {
        return new Fix(timeMs, lon, lat, null, null, null, null, null);
    }
}

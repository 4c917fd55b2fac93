package org.muster.geo.crs;

import java.util.Objects;

/**
 * Converts longitude/latitude pairs between WGS 84 and the systems of {@link Datum}. Stateless: every method is a
 * pure function, safe to call from any thread. Arrays returned are new, {@code {lon, lat}}, longitude first.
 *
 * <p>GCJ-02 is the published obfuscation of China's national surveying administration: a polynomial-and-sine
 * offset of up to a few hundred metres, applied on the Krasovsky ellipsoid's radii, and only inside a rough
 * bounding box of China (outside it, GCJ-02 and WGS 84 coincide). BD-09 adds Baidu's small rotation and shift on
 * top of GCJ-02. Neither has a closed-form inverse, so the inverses iterate the forward function to a fixed point
 * closer than {@value #INVERSE_TOLERANCE_DEG} degrees (about a centimetre). Outside the box neither offset is
 * applied, so conversions there are the identity; this keeps round trips exact at the box edge instead of
 * jumping by the BD-09 shift.
 *
 * <p>CGCS2000 is treated as equal to WGS 84: the two agree to centimetres, far below a GNSS fix's error.
 */
public final class DatumConverter {

    /** Fixed-point tolerance of the inverse offsets, in degrees (1e-7 degree is about 1 cm). */
    public static final double INVERSE_TOLERANCE_DEG = 1e-7;

    // The GCJ-02 offset is computed on the Krasovsky 1940 ellipsoid (semi-major axis, first eccentricity squared).
    private static final double KRASOVSKY_A = 6378245.0;
    private static final double KRASOVSKY_EE = 0.00669342162296594323;
    private static final double BD_X_PI = Math.PI * 3000.0 / 180.0;
    private static final int MAX_ITERATIONS = 50;

    private DatumConverter() {
    }

    /** Converts {@code (lon, lat)} given in {@code from} to WGS 84; returns {@code {lon, lat}}. */
    public static double[] toWgs84(Datum from, double lon, double lat) {
        Objects.requireNonNull(from, "from");
        checkRange(lon, lat);
        return switch (from) {
            case WGS84, CGCS2000 -> new double[] {lon, lat};
            case GCJ02 -> gcj02ToWgs84(lon, lat);
            case BD09 -> {
                double[] gcj = bd09ToGcj02(lon, lat);
                yield gcj02ToWgs84(gcj[0], gcj[1]);
            }
        };
    }

    /** Converts WGS 84 {@code (lon, lat)} to {@code to}; returns {@code {lon, lat}}. */
    public static double[] fromWgs84(Datum to, double lon, double lat) {
        Objects.requireNonNull(to, "to");
        checkRange(lon, lat);
        return switch (to) {
            case WGS84, CGCS2000 -> new double[] {lon, lat};
            case GCJ02 -> wgs84ToGcj02(lon, lat);
            case BD09 -> {
                double[] gcj = wgs84ToGcj02(lon, lat);
                yield gcj02ToBd09(gcj[0], gcj[1]);
            }
        };
    }

    /** Converts between any two systems, through WGS 84. */
    public static double[] convert(Datum from, Datum to, double lon, double lat) {
        double[] wgs = toWgs84(from, lon, lat);
        return fromWgs84(to, wgs[0], wgs[1]);
    }

    /**
     * Whether GCJ-02/BD-09 offsets apply at this point: the rough bounding box of China that the published
     * algorithm uses (it is not the border: parts of neighbouring countries are inside, which is harmless).
     */
    public static boolean insideChinaBox(double lon, double lat) {
        return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
    }

    static double[] wgs84ToGcj02(double lon, double lat) {
        if (!insideChinaBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        double dLon = offsetLon(lon - 105.0, lat - 35.0);
        double dLat = offsetLat(lon - 105.0, lat - 35.0);
        // Turn the offsets (metres on Krasovsky's radii) into degrees at this latitude.
        double radLat = Math.toRadians(lat);
        double sin = Math.sin(radLat);
        double w = 1 - KRASOVSKY_EE * sin * sin;
        double sqrtW = Math.sqrt(w);
        double meridianRadius = KRASOVSKY_A * (1 - KRASOVSKY_EE) / (w * sqrtW);
        double primeVerticalRadius = KRASOVSKY_A / sqrtW;
        dLat = dLat * 180.0 / (meridianRadius * Math.PI);
        dLon = dLon * 180.0 / (primeVerticalRadius * Math.cos(radLat) * Math.PI);
        return new double[] {lon + dLon, lat + dLat};
    }

    static double[] gcj02ToWgs84(double lon, double lat) {
        if (!insideChinaBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        return invert(lon, lat, false);
    }

    static double[] gcj02ToBd09(double lon, double lat) {
        if (!insideChinaBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        double z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * BD_X_PI);
        double theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * BD_X_PI);
        return new double[] {z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006};
    }

    static double[] bd09ToGcj02(double lon, double lat) {
        if (!insideChinaBox(lon, lat)) {
            return new double[] {lon, lat};
        }
        return invert(lon, lat, true);
    }

    /**
     * Solves forward(p) = target by fixed-point iteration p += target - forward(p). The offsets change slowly
     * (their derivative is far below 1 in degrees per degree), so the iteration contracts and usually needs 2-4
     * steps. Where the forward function leaves the box the offset is zero, which is still a fixed point.
     */
    private static double[] invert(double targetLon, double targetLat, boolean bd09) {
        double lon = targetLon;
        double lat = targetLat;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double[] f = bd09 ? gcj02ToBd09(lon, lat) : wgs84ToGcj02(lon, lat);
            double eLon = targetLon - f[0];
            double eLat = targetLat - f[1];
            lon += eLon;
            lat += eLat;
            if (Math.abs(eLon) < INVERSE_TOLERANCE_DEG && Math.abs(eLat) < INVERSE_TOLERANCE_DEG) {
                break;
            }
        }
        return new double[] {lon, lat};
    }

    // The published GCJ-02 offset polynomials, in "metres" before scaling; x = lon - 105, y = lat - 35.
    private static double offsetLat(double x, double y) {
        double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double offsetLon(double x, double y) {
        double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }

    static void checkRange(double lon, double lat) {
        if (!(lon >= -180.0 && lon <= 180.0) || !(lat >= -90.0 && lat <= 90.0)) {
            throw new IllegalArgumentException(
                    "coordinate out of range [lon: " + lon + ", lat: " + lat + "]: lon must be in [-180, 180], "
                            + "lat in [-90, 90], longitude first");
        }
    }
}

package org.muster.geo.index;

/**
 * Cheap lower bounds on the WGS 84 geodesic distance, used only to order and prune the search; the distances the
 * index returns are always GeographicLib's exact ones. Stateless.
 *
 * <p>The bounds are distances on a sphere of the mean Earth radius, scaled down by 1%. A sphere overestimates
 * WGS 84 geodesics by at most about 0.56% (north-south at the equator, where the meridian's radius of curvature,
 * 6,335 km, is smallest) and underestimates elsewhere, so 1% leaves a margin of about twice the worst case.
 * {@code SphereBoundsTest} checks this on random pairs, including the worst directions.
 */
final class SphereBounds {

    static final double MEAN_RADIUS_M = 6_371_008.8;
    /** Metres per radian of central angle, with the 1% safety margin. */
    static final double LOWER_BOUND_M_PER_RAD = 0.99 * MEAN_RADIUS_M;
    /** Subtracted from every bound so that rounding can never push a bound above a true distance of zero. */
    static final double ROUNDING_SLACK_M = 0.01;

    private SphereBounds() {
    }

    /**
     * A lower bound in metres from the query to a point, given both as unit vectors. The chord is shorter than the
     * arc, so chord * radius is itself a lower bound of the spherical distance, and needs no trigonometry.
     */
    static double pointLowerBound(double qx, double qy, double qz, double px, double py, double pz) {
        double dx = px - qx;
        double dy = py - qy;
        double dz = pz - qz;
        return Math.sqrt(dx * dx + dy * dy + dz * dz) * LOWER_BOUND_M_PER_RAD - ROUNDING_SLACK_M;
    }

    /**
     * A lower bound in metres from the query {@code (qLon, qLat)} to any point of the longitude/latitude rectangle
     * (which never crosses the antimeridian: the quadtree splits at it). Longitude differences wrap, so a query at
     * 179.9 E is near a rectangle at 179.9 W.
     */
    static double rectLowerBound(double qLon, double qLat, double minLon, double minLat, double maxLon, double maxLat) {
        double angle;
        if (qLon >= minLon && qLon <= maxLon) {
            // Same longitude band: the nearest point is straight north or south along the meridian.
            if (qLat < minLat) {
                angle = Math.toRadians(minLat - qLat);
            } else if (qLat > maxLat) {
                angle = Math.toRadians(qLat - maxLat);
            } else {
                return 0.0;
            }
        } else {
            // Otherwise the nearest point lies on the meridian edge nearest in longitude: along any parallel,
            // the distance grows with the longitude difference.
            double dW = wrappedAbs(qLon - minLon);
            double dE = wrappedAbs(qLon - maxLon);
            angle = angleToMeridianArc(Math.toRadians(qLat), Math.toRadians(Math.min(dW, dE)),
                    Math.toRadians(minLat), Math.toRadians(maxLat));
        }
        return Math.max(0.0, angle * LOWER_BOUND_M_PER_RAD - ROUNDING_SLACK_M);
    }

    /** |d| folded into [0, 180] degrees. */
    static double wrappedAbs(double d) {
        double a = Math.abs(d) % 360.0;
        return a > 180.0 ? 360.0 - a : a;
    }

    /**
     * The central angle from a point at latitude {@code lat} to the arc of a meridian {@code dLon} away (radians,
     * dLon in [0, pi]) between latitudes {@code lat1 <= lat2}. On a great circle the distance grows monotonically
     * away from the foot of the perpendicular, so the nearest point is the foot when it lies on the arc, or else an
     * end of the arc.
     */
    static double angleToMeridianArc(double lat, double dLon, double lat1, double lat2) {
        double sinLat = Math.sin(lat);
        double cosLat = Math.cos(lat);
        // Position of the foot along the meridian's great circle, as a latitude; beyond +-pi/2 it lies on the
        // opposite meridian, which is never on the arc.
        double foot = Math.atan2(sinLat, cosLat * Math.cos(dLon));
        if (foot >= lat1 && foot <= lat2) {
            return Math.asin(Math.min(1.0, cosLat * Math.sin(dLon)));
        }
        return Math.min(haversineAngle(lat, lat1, dLon), haversineAngle(lat, lat2, dLon));
    }

    static double haversineAngle(double lat1, double lat2, double dLon) {
        double sLat = Math.sin((lat2 - lat1) / 2);
        double sLon = Math.sin(dLon / 2);
        double h = sLat * sLat + Math.cos(lat1) * Math.cos(lat2) * sLon * sLon;
        return 2 * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }
}

package org.muster.geo.crs;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;

/**
 * Distances and bearings on the WGS 84 ellipsoid, through GeographicLib's geodesic solver (accurate to
 * nanometres; about a microsecond per call). Stateless and safe to call from any thread: GeographicLib's
 * {@code Geodesic.WGS84} is immutable.
 *
 * <p>Arguments are longitude first, in degrees, as everywhere in Muster; GeographicLib itself takes latitude first,
 * and this class is the one place that swaps them.
 */
public final class Geodesy {

    private Geodesy() {
    }

    /** The geodesic (shortest) distance in metres between two WGS 84 points. */
    public static double distanceMeters(double lon1, double lat1, double lon2, double lat2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /** The initial bearing of the geodesic from point 1 to point 2, degrees clockwise from true north, in [0, 360). */
    public static double initialBearingDegrees(double lon1, double lat1, double lon2, double lat2) {
        double azi = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.AZIMUTH).azi1;
        return azi < 0 ? azi + 360.0 : azi;
    }

    /**
     * The point at {@code distanceMeters} from {@code (lon, lat)} along the initial bearing; returns
     * {@code {lon, lat}} with longitude in [-180, 180].
     */
    public static double[] destination(double lon, double lat, double bearingDegrees, double distanceMeters) {
        GeodesicData d = Geodesic.WGS84.Direct(lat, lon, bearingDegrees, distanceMeters,
                GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
        return new double[] {d.lon2, d.lat2};
    }
}

package org.muster.geo.crs;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Web Mercator (EPSG:3857, the projection of web map tiles) to and from WGS 84, through proj4j; plus the tile that
 * holds a point. Safe to call from any thread: proj4j's transforms keep scratch state, so each thread gets its own.
 *
 * <p>Web Mercator cannot show the poles: latitudes are clamped to ±{@value #MAX_LATITUDE} before projecting, the
 * square-world limit every tile scheme uses.
 */
public final class WebMercator {

    /** The latitude at which the Web Mercator world becomes a square; tiles stop there. */
    public static final double MAX_LATITUDE = 85.05112877980659;
    /** Half the width of the Web Mercator world in metres (pi times the sphere radius 6378137 m). */
    public static final double HALF_WORLD_METERS = 20037508.342789244;

    private static final CoordinateReferenceSystem WGS84;
    private static final CoordinateReferenceSystem MERCATOR;

    static {
        CRSFactory crs = new CRSFactory();
        // Written out rather than looked up by EPSG code, so that no EPSG database (proj4j-epsg) is needed.
        WGS84 = crs.createFromParameters("EPSG:4326", "+proj=longlat +datum=WGS84 +no_defs");
        MERCATOR = crs.createFromParameters("EPSG:3857",
                "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null "
                        + "+wktext +no_defs");
    }

    private static final ThreadLocal<CoordinateTransform> TO_MERCATOR =
            ThreadLocal.withInitial(() -> new CoordinateTransformFactory().createTransform(WGS84, MERCATOR));
    private static final ThreadLocal<CoordinateTransform> TO_WGS84 =
            ThreadLocal.withInitial(() -> new CoordinateTransformFactory().createTransform(MERCATOR, WGS84));

    private WebMercator() {
    }

    /** WGS 84 {@code (lon, lat)} to Web Mercator metres {@code {x, y}}. */
    public static double[] fromWgs84(double lon, double lat) {
        DatumConverter.checkRange(lon, lat);
        double clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
        ProjCoordinate out = new ProjCoordinate();
        TO_MERCATOR.get().transform(new ProjCoordinate(lon, clamped), out);
        return new double[] {out.x, out.y};
    }

    /** Web Mercator metres {@code (x, y)} to WGS 84 {@code {lon, lat}}. */
    public static double[] toWgs84(double x, double y) {
        if (!(Math.abs(x) <= HALF_WORLD_METERS * (1 + 1e-9)) || !(Math.abs(y) <= HALF_WORLD_METERS * (1 + 1e-9))) {
            throw new IllegalArgumentException("Web Mercator coordinate out of range [x: " + x + ", y: " + y
                    + "]: both must be within ±" + HALF_WORLD_METERS + " m");
        }
        ProjCoordinate out = new ProjCoordinate();
        TO_WGS84.get().transform(new ProjCoordinate(x, y), out);
        return new double[] {out.x, out.y};
    }

    /**
     * The XYZ tile {@code {x, y}} (origin top left, as OSM, Amap and Tianditu's Web Mercator layers use) holding the
     * point at {@code zoom} (0..30).
     */
    public static int[] tileOf(double lon, double lat, int zoom) {
        if (zoom < 0 || zoom > 30) {
            throw new IllegalArgumentException("zoom must be in [0, 30]: " + zoom);
        }
        double[] m = fromWgs84(lon, lat);
        long n = 1L << zoom;
        double fx = (m[0] + HALF_WORLD_METERS) / (2 * HALF_WORLD_METERS);
        double fy = (HALF_WORLD_METERS - m[1]) / (2 * HALF_WORLD_METERS);
        int x = (int) Math.min(n - 1, Math.max(0, (long) Math.floor(fx * n)));
        int y = (int) Math.min(n - 1, Math.max(0, (long) Math.floor(fy * n)));
        return new int[] {x, y};
    }
}

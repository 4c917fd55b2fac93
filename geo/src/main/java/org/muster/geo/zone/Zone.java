package org.muster.geo.zone;

import java.util.Objects;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * One named polygon in WGS 84 longitude/latitude degrees (x = longitude), validated and prepared for fast
 * point-in-area and crossing tests. Immutable and safe to share between threads (JTS prepared geometries are).
 *
 * <p>Input is either a JTS {@link Polygon} or coordinate arrays: a shell and optional holes, each an array of
 * {@code {lon, lat}} pairs, closed (first point equal to the last), at least four points. Orientation does not
 * matter. A polygon that is not closed, has too few points, has a coordinate out of range, or is not valid
 * (self-intersecting shell, hole outside the shell...) is rejected with an {@link IllegalArgumentException} that names
 * the zone and says what is wrong where.
 *
 * <p>Geometry is planar in degrees, as GeoJSON's is: an edge is the straight line between its corners on a
 * longitude/latitude map. Polygons may not cross the antimeridian.
 */
public final class Zone {

    /** The factory of every geometry in this package: floating precision, no SRID games. */
    static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4326);

    private final String id;
    private final Polygon polygon;
    private final PreparedGeometry prepared;

    private Zone(String id, Polygon polygon) {
        this.id = id;
        this.polygon = polygon;
        this.prepared = PreparedGeometryFactory.prepare(polygon);
    }

    /** A zone from a JTS polygon in lon/lat degrees. */
    public static Zone of(String id, Polygon polygon) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(polygon, "polygon");
        if (polygon.isEmpty()) {
            throw new IllegalArgumentException("zone " + id + ": polygon is empty");
        }
        for (Coordinate c : polygon.getCoordinates()) {
            checkRange(id, c.x, c.y);
        }
        TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            throw new IllegalArgumentException("zone " + id + ": invalid polygon: " + error.getMessage()
                    + (at == null ? "" : " at (" + at.x + ", " + at.y + ")"));
        }
        Polygon copy = (Polygon) polygon.copy();
        return new Zone(id, (Polygon) GEOMETRY.createGeometry(copy));
    }

    /** A zone from a shell and optional holes, each an array of {@code {lon, lat}} pairs, closed. */
    public static Zone of(String id, double[][] shell, double[][]... holes) {
        Objects.requireNonNull(id, "id");
        LinearRing outer = ring(id, "shell", shell);
        LinearRing[] inner = new LinearRing[holes == null ? 0 : holes.length];
        for (int i = 0; i < inner.length; i++) {
            inner[i] = ring(id, "hole " + i, holes[i]);
        }
        return of(id, GEOMETRY.createPolygon(outer, inner));
    }

    /** A rectangle, handy for tests and for areas drawn as a box on the console. */
    public static Zone box(String id, double minLon, double minLat, double maxLon, double maxLat) {
        return of(id, new double[][] {{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat},
                {minLon, minLat}});
    }

    private static LinearRing ring(String id, String which, double[][] points) {
        if (points == null || points.length < 4) {
            throw new IllegalArgumentException("zone " + id + ": " + which + " needs at least 4 points (closed ring), has "
                    + (points == null ? 0 : points.length));
        }
        Coordinate[] cs = new Coordinate[points.length];
        for (int i = 0; i < points.length; i++) {
            double[] p = points[i];
            if (p == null || p.length != 2) {
                throw new IllegalArgumentException("zone " + id + ": " + which + " point " + i
                        + " must be {lon, lat}");
            }
            checkRange(id, p[0], p[1]);
            cs[i] = new Coordinate(p[0], p[1]);
        }
        if (!cs[0].equals2D(cs[cs.length - 1])) {
            throw new IllegalArgumentException("zone " + id + ": " + which + " is not closed: first point ("
                    + cs[0].x + ", " + cs[0].y + ") differs from last (" + cs[cs.length - 1].x + ", "
                    + cs[cs.length - 1].y + ")");
        }
        return GEOMETRY.createLinearRing(cs);
    }

    private static void checkRange(String id, double lon, double lat) {
        if (!(lon >= -180.0 && lon <= 180.0) || !(lat >= -90.0 && lat <= 90.0)) {
            throw new IllegalArgumentException("zone " + id + ": coordinate out of range (" + lon + ", " + lat
                    + "): lon must be in [-180, 180], lat in [-90, 90], longitude first");
        }
    }

    public String id() {
        return id;
    }

    /** A copy of the polygon. */
    public Polygon polygon() {
        return (Polygon) polygon.copy();
    }

    public Envelope envelope() {
        return new Envelope(polygon.getEnvelopeInternal());
    }

    /** Whether the point is inside the area or on its edge. */
    public boolean contains(double lon, double lat) {
        if (!polygon.getEnvelopeInternal().contains(lon, lat)) {
            return false;
        }
        return prepared.covers(GEOMETRY.createPoint(new Coordinate(lon, lat)));
    }

    Envelope envelopeInternal() {
        return polygon.getEnvelopeInternal();
    }

    boolean intersects(Geometry g) {
        return prepared.intersects(g);
    }

    @Override
    public String toString() {
        return "Zone[" + id + ", " + polygon.getNumPoints() + " points]";
    }
}

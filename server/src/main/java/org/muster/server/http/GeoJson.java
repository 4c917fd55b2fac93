package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.muster.protocol.v1.GeoPoint;
import org.muster.protocol.v1.Polygon;
import org.muster.server.events.Rejection;

import java.util.Set;

/**
 * GeoJSON (RFC 7946) geometry: Point and Polygon, longitude first, WGS 84 degrees. Polygons are checked for
 * closed rings and validity (no self-intersection) before they can block roads or bound an area.
 */
final class GeoJson {
    private static final GeometryFactory JTS = new GeometryFactory();
    static final int MAX_RING_POINTS = 10_000;

    private GeoJson() {
    }

    static GeoPoint point(JsonReader r, Set<String> extraMembers) {
        java.util.Set<String> known = new java.util.HashSet<>(extraMembers);
        known.add("type");
        known.add("coordinates");
        r.only(known);
        if (!"Point".equals(r.string("type", 32))) {
            throw Rejection.invalid(r.field("type"), "must be \"Point\"");
        }
        JsonArray c = r.optArray("coordinates", 3).orElseThrow(() -> Rejection.invalid(r.field("coordinates"), "is required"));
        return position(c, r.field("coordinates"));
    }

    private static GeoPoint position(JsonArray c, String field) {
        if (c.size() < 2 || c.size() > 3) {
            throw Rejection.invalid(field, "must be [longitude, latitude] or [longitude, latitude, altitude]");
        }
        double lon = coordinate(c, 0, field, 180, "longitude");
        double lat = coordinate(c, 1, field, 90, "latitude");
        return GeoPoint.newBuilder().setLon(lon).setLat(lat).build();
    }

    private static double coordinate(JsonArray c, int i, String field, double limit, String what) {
        if (!(c.getValue(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw Rejection.invalid(field + "[" + i + "]", what + " must be a number");
        }
        double v = n.doubleValue();
        if (v < -limit || v > limit) {
            throw Rejection.invalid(field + "[" + i + "]", what + " " + v + " is outside -" + limit + ".." + limit);
        }
        return v;
    }

    static Polygon polygon(JsonReader r) {
        r.only(Set.of("type", "coordinates"));
        if (!"Polygon".equals(r.string("type", 32))) {
            throw Rejection.invalid(r.field("type"), "must be \"Polygon\"");
        }
        JsonArray rings = r.optArray("coordinates", 100).orElseThrow(() -> Rejection.invalid(r.field("coordinates"), "is required"));
        if (rings.isEmpty()) {
            throw Rejection.invalid(r.field("coordinates"), "needs an outer ring");
        }
        Polygon.Builder p = Polygon.newBuilder();
        LinearRing shell = null;
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 0; i < rings.size(); i++) {
            String f = r.field("coordinates") + "[" + i + "]";
            if (!(rings.getValue(i) instanceof JsonArray ring)) {
                throw Rejection.invalid(f, "must be an array of positions");
            }
            if (ring.size() < 4 || ring.size() > MAX_RING_POINTS) {
                throw Rejection.invalid(f, "a ring needs 4 to " + MAX_RING_POINTS + " positions (the first repeated last)");
            }
            org.muster.protocol.v1.LinearRing.Builder rb = org.muster.protocol.v1.LinearRing.newBuilder();
            Coordinate[] cs = new Coordinate[ring.size()];
            for (int j = 0; j < ring.size(); j++) {
                if (!(ring.getValue(j) instanceof JsonArray pos)) {
                    throw Rejection.invalid(f + "[" + j + "]", "must be [longitude, latitude]");
                }
                GeoPoint gp = position(pos, f + "[" + j + "]");
                rb.addPoints(gp);
                cs[j] = new Coordinate(gp.getLon(), gp.getLat());
            }
            if (!cs[0].equals2D(cs[cs.length - 1])) {
                throw Rejection.invalid(f, "is not closed: the last position must repeat the first");
            }
            LinearRing lr = JTS.createLinearRing(cs);
            if (i == 0) {
                shell = lr;
                p.setShell(rb);
            } else {
                holes[i - 1] = lr;
                p.addHoles(rb);
            }
        }
        TopologyValidationError err = new IsValidOp(JTS.createPolygon(shell, holes)).getValidationError();
        if (err != null) {
            throw Rejection.invalid(r.field("coordinates"), "is not a valid polygon: " + err.getMessage()
                    + " near [" + err.getCoordinate().x + ", " + err.getCoordinate().y + "]");
        }
        return p.build();
    }

    static JsonObject point(GeoPoint p) {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(p.getLon()).add(p.getLat()));
    }

    static JsonObject polygon(Polygon p) {
        JsonArray rings = new JsonArray().add(ring(p.getShell()));
        p.getHolesList().forEach(h -> rings.add(ring(h)));
        return new JsonObject().put("type", "Polygon").put("coordinates", rings);
    }

    private static JsonArray ring(org.muster.protocol.v1.LinearRing r) {
        JsonArray a = new JsonArray();
        r.getPointsList().forEach(pt -> a.add(new JsonArray().add(pt.getLon()).add(pt.getLat())));
        return a;
    }
}

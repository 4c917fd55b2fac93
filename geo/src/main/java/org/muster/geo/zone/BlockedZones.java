package org.muster.geo.zone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.index.strtree.STRtree;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;

/**
 * The blocked areas of one incident (or of a whole region): where roads are cut. Answers whether the way from a
 * team to an incident crosses one, and which. Immutable once built and safe to share between threads: the STR-tree
 * is built eagerly in the constructor, and JTS prepared geometries are thread-safe.
 *
 * <p>"The way" is the geodesic from the team to the incident, densified into a polyline with a vertex at least
 * every {@value #DENSIFY_METERS} m (at most {@value #MAX_SEGMENTS} segments), so that it stays within metres of the
 * real geodesic where a straight line on the lon/lat map could drift by kilometres on long ways. A way that
 * starts or ends inside an area crosses it. Longitudes along a way are unwrapped from its start, so a way across
 * the antimeridian is tested correctly against areas on its start's side only (no blocked area in China is near
 * it). Cost: an envelope test against all areas' union first, then, per area near the way's envelope, whether the
 * straight lon/lat segment between the ends, widened by a bound on how far the geodesic strays from it, meets the
 * area's envelope; only ways that may reach an area build the polyline.
 *
 * <p>The ids returned are in the order the areas were added, each once.
 */
public final class BlockedZones {

    /** The longest stretch of a way between two vertices of its polyline. */
    public static final double DENSIFY_METERS = 10_000;
    public static final int MAX_SEGMENTS = 64;
    /** Ways with an end farther from the equator than this (degrees) skip the corridor test. */
    static final double CORRIDOR_MAX_LAT = 60;
    /** Ways whose ends differ by more than this (degrees of longitude or latitude) skip the corridor test. */
    static final double CORRIDOR_MAX_SPAN = 15;

    private static final BlockedZones EMPTY = new BlockedZones(List.of());

    private final List<Zone> zones;
    private final STRtree tree;
    private final Envelope bounds = new Envelope();

    private BlockedZones(List<Zone> zones) {
        this.zones = List.copyOf(zones);
        this.tree = new STRtree();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < this.zones.size(); i++) {
            Zone z = this.zones.get(i);
            if (!ids.add(z.id())) {
                throw new IllegalArgumentException("blocked area id used twice: " + z.id());
            }
            tree.insert(z.envelopeInternal(), i);
            bounds.expandToInclude(z.envelopeInternal());
        }
        tree.build();
    }

    public static BlockedZones empty() {
        return EMPTY;
    }

    /** Blocked areas from zones; ids must be unique. */
    public static BlockedZones of(List<Zone> zones) {
        Objects.requireNonNull(zones, "zones");
        return zones.isEmpty() ? EMPTY : new BlockedZones(zones);
    }

    public static BlockedZones of(Zone... zones) {
        return of(List.of(zones));
    }

    public boolean isEmpty() {
        return zones.isEmpty();
    }

    public int size() {
        return zones.size();
    }

    public List<Zone> zones() {
        return zones;
    }

    /** The ids of the areas containing the point (inside or on the edge). */
    public List<String> containing(double lon, double lat) {
        if (zones.isEmpty() || !bounds.contains(lon, lat)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        for (int i : candidates(new Envelope(lon, lon, lat, lat))) {
            Zone z = zones.get(i);
            if (z.contains(lon, lat)) {
                out.add(z.id());
            }
        }
        return out;
    }

    /** Whether the way from {@code from} to {@code to} crosses (or starts or ends in) any blocked area. */
    public boolean crosses(double fromLon, double fromLat, double toLon, double toLat) {
        return !crossedBy(fromLon, fromLat, toLon, toLat).isEmpty();
    }

    /** The ids of the blocked areas that the way from {@code from} to {@code to} crosses, starts or ends in. */
    public List<String> crossedBy(double fromLon, double fromLat, double toLon, double toLat) {
        if (zones.isEmpty()) {
            return List.of();
        }
        // A geodesic bulges poleward of the straight lon/lat segment; 2% of the span plus a little covers that
        // within China's latitudes for ways up to a few thousand kilometres, so the early-out is conservative.
        double unwrappedTo = fromLon + wrap(toLon - fromLon);
        Envelope rough = new Envelope(fromLon, unwrappedTo, fromLat, toLat);
        double span = Math.max(rough.getWidth(), rough.getHeight());
        rough.expandBy(span * 0.02 + 0.01);
        if (!rough.intersects(bounds)) {
            return List.of();
        }
        List<Integer> near = candidates(rough);
        if (near.isEmpty()) {
            return List.of();
        }
        double w = corridorHalfWidth(fromLon, fromLat, unwrappedTo, toLat);
        if (!Double.isNaN(w)) {
            // Keep only the areas whose envelope, widened by the corridor, the straight lon/lat segment meets.
            near.removeIf(i -> {
                Envelope e = zones.get(i).envelopeInternal();
                return !segmentMeetsBox(fromLon, fromLat, unwrappedTo, toLat, e.getMinX() - w, e.getMinY() - w,
                        e.getMaxX() + w, e.getMaxY() + w);
            });
            if (near.isEmpty()) {
                return List.of();
            }
        }
        LineString way = way(fromLon, fromLat, toLon, toLat);
        Envelope wayEnvelope = way.getEnvelopeInternal();
        List<String> out = new ArrayList<>(2);
        for (int i : near) {
            Zone z = zones.get(i);
            if (z.envelopeInternal().intersects(wayEnvelope) && z.intersects(way)) {
                out.add(z.id());
            }
        }
        return out;
    }

    /**
     * How far, in degrees of longitude or latitude, the way's polyline can stray from the straight lon/lat segment
     * between its ends; NaN where no bound is claimed (an end beyond {@value #CORRIDOR_MAX_LAT} degrees of
     * latitude, or ends more than {@value #CORRIDOR_MAX_SPAN} degrees apart), and every way that passes the
     * envelope test builds its polyline, as before.
     *
     * <p>Why a bound exists: on a sphere a great circle, written as latitude y over longitude x, has
     * {@code |y''| = |sin y cos y| (1 + 2 y'^2 / cos^2 y)}, so it strays from its chord by at most
     * {@code dx^2 / 8 * max|y''|}, which with {@code |sin y cos y| <= 1/2} and {@code y' ~ dy/dx} is about
     * {@code (dx^2 + 2 dy^2 / cos^2 ymax) / 16} radians. The ellipsoid's geodesic differs from the great circle by
     * a fraction of a percent, and {@code y'} varies along the way; the bound is tripled for both (the worst way
     * {@code BlockedZonesOracleTest} finds among 20,000 random ones uses a third of the corridor). The polyline's
     * vertices lie on the geodesic and its edges are straight between them, so the whole polyline stays within
     * the corridor (a convex set). The same test checks the answers against the whole polyline.
     */
    static double corridorHalfWidth(double fromLon, double fromLat, double unwrappedToLon, double toLat) {
        double dx = Math.abs(unwrappedToLon - fromLon);
        double dy = Math.abs(toLat - fromLat);
        double maxLat = Math.max(Math.abs(fromLat), Math.abs(toLat));
        if (maxLat > CORRIDOR_MAX_LAT || dx > CORRIDOR_MAX_SPAN || dy > CORRIDOR_MAX_SPAN) {
            return Double.NaN;
        }
        double rx = Math.toRadians(dx);
        double ry = Math.toRadians(dy);
        // The way's latitude stays below maxLat plus its own deviation, far under 3 degrees in this domain.
        double cos = Math.cos(Math.toRadians(maxLat + 3));
        double strayRadians = (rx * rx + 2 * ry * ry / (cos * cos)) / 16;
        return 3 * Math.toDegrees(strayRadians) + 1e-9;
    }

    /** Whether the segment from (x0, y0) to (x1, y1) meets the closed box (Liang-Barsky clipping). */
    static boolean segmentMeetsBox(double x0, double y0, double x1, double y1, double minX, double minY, double maxX,
                                   double maxY) {
        double t0 = 0;
        double t1 = 1;
        double dx = x1 - x0;
        double dy = y1 - y0;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x0 - minX, maxX - x0, y0 - minY, maxY - y0};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return false;
                }
            } else {
                double t = q[i] / p[i];
                if (p[i] < 0) {
                    t0 = Math.max(t0, t);
                } else {
                    t1 = Math.min(t1, t);
                }
                if (t0 > t1) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<Integer> candidates(Envelope e) {
        List<Integer> hits = new ArrayList<>();
        tree.query(e, item -> hits.add((Integer) item));
        hits.sort(null);
        return hits;
    }

    /** The geodesic from one point to the other as a polyline in lon/lat degrees, longitudes unwrapped from the start. */
    static LineString way(double fromLon, double fromLat, double toLon, double toLat) {
        GeodesicLine line = Geodesic.WGS84.InverseLine(fromLat, fromLon, toLat, toLon,
                GeodesicMask.DISTANCE_IN | GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
        double length = line.Distance();
        int segments = (int) Math.min(MAX_SEGMENTS, Math.max(1, Math.ceil(length / DENSIFY_METERS)));
        Coordinate[] cs = new Coordinate[segments + 1];
        cs[0] = new Coordinate(fromLon, fromLat);
        for (int i = 1; i < segments; i++) {
            GeodesicData d = line.Position(length * i / segments,
                    GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE | GeodesicMask.LONG_UNROLL);
            cs[i] = new Coordinate(d.lon2, d.lat2);
        }
        cs[segments] = new Coordinate(fromLon + wrap(toLon - fromLon), toLat);
        if (segments == 1 && cs[0].equals2D(cs[1])) {
            // A zero-length way is a point; JTS needs two distinct-or-not vertices, which it accepts.
            return Zone.GEOMETRY.createLineString(new Coordinate[] {cs[0], cs[1]});
        }
        return Zone.GEOMETRY.createLineString(cs);
    }

    static double wrapForTest(double dLon) {
        return wrap(dLon);
    }

    private static double wrap(double dLon) {
        double d = dLon % 360.0;
        if (d > 180.0) {
            d -= 360.0;
        } else if (d < -180.0) {
            d += 360.0;
        }
        return d;
    }

    @Override
    public String toString() {
        return "BlockedZones" + zones;
    }
}

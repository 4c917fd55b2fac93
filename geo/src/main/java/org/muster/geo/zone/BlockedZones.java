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
 * it). Cost: an envelope test against all areas' union first; only ways that reach near an area build the polyline.
 *
 * <p>The ids returned are in the order the areas were added, each once.
 */
public final class BlockedZones {

    /** The longest stretch of a way between two vertices of its polyline. */
    public static final double DENSIFY_METERS = 10_000;
    public static final int MAX_SEGMENTS = 64;

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

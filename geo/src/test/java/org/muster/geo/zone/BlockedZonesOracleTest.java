package org.muster.geo.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.LineString;
import org.muster.geo.crs.Geodesy;

/**
 * {@link BlockedZones#crossedBy} against the plain test it shortcuts: build the way's whole polyline and test it
 * against every area whose envelope the way's rough envelope meets. Same ids in the same order on random ways,
 * most of them built to pass close to an area's edge, where a wrong shortcut would show.
 */
class BlockedZonesOracleTest {

    @Test
    void crossesExactlyWhatTheWholePolylineCrosses() {
        Random rnd = new Random(4242);
        int crossed = 0;
        int grazing = 0;
        for (int c = 0; c < 400; c++) {
            double[] incident = incident(rnd);
            List<Zone> zones = new ArrayList<>();
            int n = 1 + rnd.nextInt(5);
            for (int z = 0; z < n; z++) {
                double[] p = Geodesy.destination(incident[0], incident[1], rnd.nextDouble() * 360,
                        rnd.nextInt(8) == 0 ? 0 : rnd.nextDouble() * 80_000);
                double h = 0.005 + rnd.nextDouble() * (rnd.nextBoolean() ? 0.1 : 1.0);
                double lon = Math.max(-179, Math.min(179 - 2 * h, p[0]));
                double lat = Math.max(-85, Math.min(85, p[1]));
                zones.add(rnd.nextBoolean() ? Zone.box("z" + z, lon - h, lat - h / 2, lon + h, lat + h / 2)
                        : Zone.of("z" + z, new double[][] {{lon - h, lat - h}, {lon + h, lat - h / 3},
                                {lon + h / 4, lat + h}, {lon - h, lat - h}}));
            }
            BlockedZones blocked = BlockedZones.of(zones);
            for (int w = 0; w < 60; w++) {
                double[] from;
                if (w % 3 == 0) {
                    // Aimed at a point just beside an area's corner: the way grazes its edge.
                    Envelope e = zones.get(rnd.nextInt(n)).envelopeInternal();
                    double cx = rnd.nextBoolean() ? e.getMinX() : e.getMaxX();
                    double cy = rnd.nextBoolean() ? e.getMinY() : e.getMaxY();
                    double t = 1 + rnd.nextDouble() * 40;
                    from = new double[] {clampLon(incident[0] + (cx - incident[0]) * t + rnd.nextGaussian() * 1e-3),
                            clampLat(incident[1] + (cy - incident[1]) * t + rnd.nextGaussian() * 1e-3)};
                    grazing++;
                } else {
                    from = Geodesy.destination(incident[0], incident[1], rnd.nextDouble() * 360,
                            Math.pow(10, 2 + rnd.nextDouble() * 4.6));
                }
                List<String> expected = plain(blocked, from[0], from[1], incident[0], incident[1]);
                assertThat(blocked.crossedBy(from[0], from[1], incident[0], incident[1]))
                        .as("case %d way %d from (%s, %s) to (%s, %s) %s", c, w, from[0], from[1], incident[0],
                                incident[1], zones)
                        .isEqualTo(expected);
                crossed += expected.isEmpty() ? 0 : 1;
            }
        }
        assertThat(crossed).as("ways that cross an area").isGreaterThan(2_000);
        assertThat(grazing).isGreaterThan(5_000);
    }

    @Test
    void polylineStaysWellInsideTheCorridor() {
        // The shortcut assumes every vertex of the polyline lies within corridorHalfWidth (in degrees, in both
        // axes) of the straight lon/lat segment between the ends. Measure how much of that margin is used.
        Random rnd = new Random(99);
        double worst = 0;
        int measured = 0;
        for (int i = 0; i < 20_000; i++) {
            double lat1 = (rnd.nextBoolean() ? 1 : -1) * (rnd.nextInt(3) == 0 ? 50 + rnd.nextDouble() * 10
                    : rnd.nextDouble() * 60);
            double lon1 = -180 + rnd.nextDouble() * 360;
            double[] to = Geodesy.destination(lon1, lat1, rnd.nextDouble() * 360,
                    Math.pow(10, 3 + rnd.nextDouble() * 3.3));
            double toLon = lon1 + BlockedZones.wrapForTest(to[0] - lon1);
            double w = BlockedZones.corridorHalfWidth(lon1, lat1, toLon, to[1]);
            if (Double.isNaN(w)) {
                continue;
            }
            measured++;
            LineString way = BlockedZones.way(lon1, lat1, to[0], to[1]);
            for (int v = 0; v < way.getNumPoints(); v++) {
                double px = way.getCoordinateN(v).x;
                double py = way.getCoordinateN(v).y;
                // The L-infinity distance from the vertex to the segment, by bisection on the box half-size.
                double lo = 0;
                double hi = 90;
                for (int it = 0; it < 60; it++) {
                    double r = (lo + hi) / 2;
                    if (BlockedZones.segmentMeetsBox(lon1, lat1, toLon, to[1], px - r, py - r, px + r, py + r)) {
                        hi = r;
                    } else {
                        lo = r;
                    }
                }
                worst = Math.max(worst, hi / w);
            }
        }
        assertThat(measured).isGreaterThan(10_000);
        assertThat(worst).as("share of the corridor used").isLessThan(0.5);
    }

    private static double[] incident(Random rnd) {
        return switch (rnd.nextInt(4)) {
            // Mostly China, where the shortcut applies; also high latitudes and the antimeridian, where it does not.
            case 0, 1 -> new double[] {75 + rnd.nextDouble() * 58, 18 + rnd.nextDouble() * 36};
            case 2 -> new double[] {-175 + rnd.nextDouble() * 350, -75 + rnd.nextDouble() * 150};
            default -> new double[] {rnd.nextBoolean() ? 179.5 : -179.5, 50 + rnd.nextDouble() * 20};
        };
    }

    private static double clampLon(double lon) {
        return Math.max(-180, Math.min(180, lon));
    }

    private static double clampLat(double lat) {
        return Math.max(-90, Math.min(90, lat));
    }

    /** The test as first written: the rough envelope, then the whole polyline against every area it meets. */
    private static List<String> plain(BlockedZones blocked, double fromLon, double fromLat, double toLon,
                                      double toLat) {
        double d = (toLon - fromLon) % 360.0;
        d = d > 180 ? d - 360 : d < -180 ? d + 360 : d;
        Envelope rough = new Envelope(fromLon, fromLon + d, fromLat, toLat);
        rough.expandBy(Math.max(rough.getWidth(), rough.getHeight()) * 0.02 + 0.01);
        LineString way = BlockedZones.way(fromLon, fromLat, toLon, toLat);
        List<String> out = new ArrayList<>();
        for (Zone z : blocked.zones()) {
            if (z.envelopeInternal().intersects(rough) && z.envelopeInternal().intersects(way.getEnvelopeInternal())
                    && z.intersects(way)) {
                out.add(z.id());
            }
        }
        return out;
    }
}

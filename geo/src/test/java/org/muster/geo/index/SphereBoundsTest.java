package org.muster.geo.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.muster.geo.crs.Geodesy;

class SphereBoundsTest {

    @Test
    void pointBoundNeverExceedsGeodesicDistance() {
        Random rnd = new Random(7);
        for (int i = 0; i < 60_000; i++) {
            double lon1 = -180 + 360 * rnd.nextDouble();
            double lat1 = -90 + 180 * rnd.nextDouble();
            // Mix long pairs with very short north-south ones at the equator, the sphere's worst direction.
            double lon2;
            double lat2;
            if (i % 2 == 0) {
                lon2 = -180 + 360 * rnd.nextDouble();
                lat2 = -90 + 180 * rnd.nextDouble();
            } else {
                lat1 = rnd.nextGaussian() * 2;
                lon2 = lon1 + rnd.nextGaussian() * 1e-4;
                lon2 = Math.max(-180, Math.min(180, lon2));
                lat2 = Math.max(-90, Math.min(90, lat1 + rnd.nextGaussian() * Math.pow(10, -rnd.nextInt(6))));
            }
            double bound = SphereBounds.pointLowerBound(ux(lon1, lat1), uy(lon1, lat1), uz(lat1),
                    ux(lon2, lat2), uy(lon2, lat2), uz(lat2));
            assertThat(bound).isLessThanOrEqualTo(Geodesy.distanceMeters(lon1, lat1, lon2, lat2));
        }
    }

    @Test
    void rectangleBoundNeverExceedsDistanceToAnyPointInside() {
        Random rnd = new Random(11);
        for (int i = 0; i < 6_000; i++) {
            int depth = rnd.nextInt(12);
            double w = 360.0 / (1 << depth);
            double h = 180.0 / (1 << depth);
            double minLon = -180 + w * rnd.nextInt(1 << depth);
            double minLat = -90 + h * rnd.nextInt(1 << depth);
            double qLon = rnd.nextInt(3) == 0 ? minLon + (rnd.nextDouble() - 0.5) * 3 * w : -180 + 360 * rnd.nextDouble();
            qLon = Math.max(-180, Math.min(180, qLon));
            double qLat = Math.max(-90, Math.min(90, rnd.nextInt(3) == 0
                    ? minLat + (rnd.nextDouble() - 0.5) * 3 * h : -90 + 180 * rnd.nextDouble()));
            double bound = SphereBounds.rectLowerBound(qLon, qLat, minLon, minLat, minLon + w, minLat + h);
            for (int j = 0; j < 20; j++) {
                double pLon = j == 0 ? minLon : minLon + w * rnd.nextDouble();
                double pLat = j == 1 ? minLat + h : minLat + h * rnd.nextDouble();
                assertThat(bound).isLessThanOrEqualTo(Geodesy.distanceMeters(qLon, qLat, pLon, pLat));
            }
        }
    }

    private static double ux(double lon, double lat) {
        return Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(lon));
    }

    private static double uy(double lon, double lat) {
        return Math.cos(Math.toRadians(lat)) * Math.sin(Math.toRadians(lon));
    }

    private static double uz(double lat) {
        return Math.sin(Math.toRadians(lat));
    }
}

package org.muster.geo.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlockedZonesTest {

    private final Zone valley = Zone.box("valley", 103.0, 31.0, 103.5, 31.5);
    private final Zone bridge = Zone.of("bridge", new double[][] {{104.0, 30.0}, {104.2, 30.0}, {104.1, 30.2},
            {104.0, 30.0}});

    @Test
    void reportsAreaCrossedByTheWayInOrderAdded() {
        BlockedZones zones = BlockedZones.of(valley, bridge);
        assertThat(zones.crossedBy(102.5, 31.25, 104.5, 31.25)).containsExactly("valley");
        assertThat(zones.crossedBy(103.9, 30.1, 104.3, 30.1)).containsExactly("bridge");
        assertThat(zones.crossedBy(102.9, 30.9, 104.2, 30.15)).isEmpty();
    }

    @Test
    void wayStartingOrEndingInsideCrossesIt() {
        BlockedZones zones = BlockedZones.of(valley);
        assertThat(zones.crossedBy(103.25, 31.25, 110, 35)).containsExactly("valley");
        assertThat(zones.crossedBy(100, 28, 103.25, 31.25)).containsExactly("valley");
        assertThat(zones.crossedBy(103.25, 31.25, 103.25, 31.25)).containsExactly("valley");
    }

    @Test
    void farWayIsRejectedByEnvelopeAlone() {
        assertThat(BlockedZones.of(valley).crossedBy(116, 39, 117, 40)).isEmpty();
        assertThat(BlockedZones.empty().crosses(103, 31, 104, 32)).isFalse();
    }

    @Test
    void longWayFollowsTheGeodesicNotTheMapLine() {
        // From Urumqi to Harbin the geodesic bows north of the straight map line by a few degrees: a small area
        // on the geodesic's midpoint is crossed, one on the map line's midpoint is not.
        double d = org.muster.geo.crs.Geodesy.distanceMeters(87.6, 43.8, 126.6, 45.8);
        double az = org.muster.geo.crs.Geodesy.initialBearingDegrees(87.6, 43.8, 126.6, 45.8);
        double[] mid = org.muster.geo.crs.Geodesy.destination(87.6, 43.8, az, d / 2);
        assertThat(mid[1]).isGreaterThan(44.8 + 1.0);
        Zone onGeodesic = Zone.box("geodesic", mid[0] - 0.2, mid[1] - 0.2, mid[0] + 0.2, mid[1] + 0.2);
        Zone onMapLine = Zone.box("map-line", mid[0] - 0.2, 44.6, mid[0] + 0.2, 45.0);
        BlockedZones zones = BlockedZones.of(onGeodesic, onMapLine);
        assertThat(zones.crossedBy(87.6, 43.8, 126.6, 45.8)).containsExactly("geodesic");
    }

    @Test
    void answersPointInArea() {
        BlockedZones zones = BlockedZones.of(valley, bridge);
        assertThat(zones.containing(103.2, 31.2)).containsExactly("valley");
        assertThat(zones.containing(103.0, 31.0)).containsExactly("valley");
        assertThat(zones.containing(110, 31)).isEmpty();
        assertThat(valley.contains(103.6, 31.2)).isFalse();
    }

    @Test
    void polygonWithHoleDoesNotContainTheHole() {
        Zone ring = Zone.of("ring", new double[][] {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
                new double[][] {{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}});
        assertThat(ring.contains(5, 5)).isFalse();
        assertThat(ring.contains(2, 2)).isTrue();
    }

    @Test
    void rejectsUnclosedRing() {
        assertThatThrownBy(() -> Zone.of("z", new double[][] {{0, 0}, {1, 0}, {1, 1}, {0, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not closed");
    }

    @Test
    void rejectsSelfIntersectingPolygonSayingWhere() {
        assertThatThrownBy(() -> Zone.of("bowtie", new double[][] {{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bowtie")
                .hasMessageContaining("Self-intersection").hasMessageContaining("at (");
    }

    @Test
    void rejectsTooFewPointsAndOutOfRangeCoordinates() {
        assertThatThrownBy(() -> Zone.of("z", new double[][] {{0, 0}, {1, 0}, {0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4");
        assertThatThrownBy(() -> Zone.box("z", 30, 100, 31, 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longitude first");
    }

    @Test
    void rejectsDuplicateIds() {
        assertThatThrownBy(() -> BlockedZones.of(valley, Zone.box("valley", 0, 0, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valley");
    }
}

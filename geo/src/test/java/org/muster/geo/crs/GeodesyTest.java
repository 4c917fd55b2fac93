package org.muster.geo.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeodesyTest {

    // GeographicLib's documented example: JFK (40.6 N, 73.8 W) to London Heathrow (51.6 N, 0.5 W).
    @Test
    void measuresJfkToHeathrowAsGeographicLibDocuments() {
        assertThat(Geodesy.distanceMeters(-73.8, 40.6, -0.5, 51.6)).isCloseTo(5551759.400319, within(1e-3));
        assertThat(Geodesy.initialBearingDegrees(-73.8, 40.6, -0.5, 51.6)).isCloseTo(51.198883, within(1e-6));
    }

    @Test
    void measuresPoleToPoleAsTwiceTheMeridianQuadrant() {
        assertThat(Geodesy.distanceMeters(0, 90, 0, -90)).isCloseTo(20003931.4586, within(1e-3));
    }

    @Test
    void destinationInvertsDistanceAndBearing() {
        double[] p = Geodesy.destination(116.4, 39.9, 30, 50_000);
        assertThat(Geodesy.distanceMeters(116.4, 39.9, p[0], p[1])).isCloseTo(50_000, within(1e-6));
        assertThat(Geodesy.initialBearingDegrees(116.4, 39.9, p[0], p[1])).isCloseTo(30, within(1e-9));
    }

    @Test
    void bearingIsInZeroTo360() {
        assertThat(Geodesy.initialBearingDegrees(116.4, 39.9, 116.3, 39.9)).isCloseTo(270, within(0.1));
    }
}

package org.muster.geo.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WebMercatorTest {

    private static final double R = 6378137.0;

    @Test
    void projectsTheWorldCornersToTheStandardExtent() {
        double[] corner = WebMercator.fromWgs84(180, WebMercator.MAX_LATITUDE);
        assertThat(corner[0]).isCloseTo(WebMercator.HALF_WORLD_METERS, within(1e-3));
        assertThat(corner[1]).isCloseTo(WebMercator.HALF_WORLD_METERS, within(1e-3));
    }

    @Test
    void matchesTheSphericalMercatorFormulaInBeijing() {
        double[] m = WebMercator.fromWgs84(116.391, 39.907);
        assertThat(m[0]).isCloseTo(R * Math.toRadians(116.391), within(1e-6));
        assertThat(m[1]).isCloseTo(R * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(39.907) / 2)), within(1e-6));
    }

    @Test
    void roundTripsToWgs84() {
        double[] m = WebMercator.fromWgs84(104.0657, 30.6595);
        double[] back = WebMercator.toWgs84(m[0], m[1]);
        assertThat(back[0]).isCloseTo(104.0657, within(1e-9));
        assertThat(back[1]).isCloseTo(30.6595, within(1e-9));
    }

    @Test
    void findsTheTileHoldingAPoint() {
        assertThat(WebMercator.tileOf(0.0, 0.0, 1)).containsExactly(1, 1);
        assertThat(WebMercator.tileOf(-180, 85, 0)).containsExactly(0, 0);
        // Beijing at zoom 10: x = floor((116.391 + 180) / 360 * 1024) = 843,
        // y = floor((1 - ln(tan(lat) + sec(lat)) / pi) / 2 * 1024) = floor(388.1) = 388.
        assertThat(WebMercator.tileOf(116.391, 39.907, 10)).containsExactly(843, 388);
    }
}

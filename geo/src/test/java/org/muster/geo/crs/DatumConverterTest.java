package org.muster.geo.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DatumConverterTest {

    // Widely published reference pairs around Tiananmen, Beijing (the sample point of Baidu's and Amap's APIs).
    @Test
    void convertsPublishedBeijingWgs84PointToGcj02() {
        double[] gcj = DatumConverter.fromWgs84(Datum.GCJ02, 116.404, 39.915);
        assertThat(gcj[0]).isCloseTo(116.41024449916938, within(1e-9));
        assertThat(gcj[1]).isCloseTo(39.91640428150164, within(1e-9));
    }

    @Test
    void convertsPublishedSecondWgs84PointToGcj02() {
        double[] gcj = DatumConverter.fromWgs84(Datum.GCJ02, 116.0, 40.0);
        // Published to 1e-7 degree (about a centimetre).
        assertThat(gcj[0]).isCloseTo(116.006141221789, within(1e-7));
        assertThat(gcj[1]).isCloseTo(40.001213650174, within(1e-7));
    }

    @Test
    void convertsPublishedBeijingGcj02PointToBd09() {
        double[] bd = DatumConverter.gcj02ToBd09(116.404, 39.915);
        assertThat(bd[0]).isCloseTo(116.41036949371029, within(1e-9));
        assertThat(bd[1]).isCloseTo(39.92133699351021, within(1e-9));
    }

    @Test
    void invertsPublishedBd09PointToGcj02MoreExactlyThanTheClosedFormApproximation() {
        // The published closed-form BD-09 -> GCJ-02 gives (116.39762729119315, 39.90865673957631); it is an
        // approximation good to about 1e-6 degree. Ours iterates to 1e-7, so it must agree to that approximation's
        // error, and round-trip to the input far better.
        double[] gcj = DatumConverter.bd09ToGcj02(116.404, 39.915);
        assertThat(gcj[0]).isCloseTo(116.39762729119315, within(2e-6));
        assertThat(gcj[1]).isCloseTo(39.90865673957631, within(2e-6));
        double[] back = DatumConverter.gcj02ToBd09(gcj[0], gcj[1]);
        assertThat(back[0]).isCloseTo(116.404, within(2e-7));
        assertThat(back[1]).isCloseTo(39.915, within(2e-7));
    }

    @Test
    void gcj02OffsetNearBeijingIsAFewHundredMetres() {
        double[] gcj = DatumConverter.fromWgs84(Datum.GCJ02, 116.391, 39.907);
        double offset = Geodesy.distanceMeters(116.391, 39.907, gcj[0], gcj[1]);
        assertThat(offset).isBetween(300.0, 800.0);
    }

    @Test
    void roundTripsRandomPointsInsideChinaWithinHalfAMetre() {
        Random rnd = new Random(42);
        double worst = 0;
        for (int i = 0; i < 20_000; i++) {
            double lon = 73.5 + rnd.nextDouble() * 61.5;
            double lat = 18.0 + rnd.nextDouble() * 35.5;
            for (Datum d : new Datum[] {Datum.GCJ02, Datum.BD09}) {
                double[] there = DatumConverter.fromWgs84(d, lon, lat);
                double[] back = DatumConverter.toWgs84(d, there[0], there[1]);
                worst = Math.max(worst, Geodesy.distanceMeters(lon, lat, back[0], back[1]));
            }
        }
        assertThat(worst).isLessThan(0.5);
    }

    @Test
    void leavesPointsOutsideChinaUntouched() {
        assertThat(DatumConverter.fromWgs84(Datum.GCJ02, 2.35, 48.85)).containsExactly(2.35, 48.85);
        assertThat(DatumConverter.toWgs84(Datum.BD09, -74.0, 40.7)).containsExactly(-74.0, 40.7);
    }

    @Test
    void treatsCgcs2000AsWgs84() {
        assertThat(DatumConverter.toWgs84(Datum.CGCS2000, 104.06, 30.67)).containsExactly(104.06, 30.67);
    }

    @Test
    void rejectsLatitudeFirstCoordinates() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatumConverter.toWgs84(Datum.GCJ02, 39.9, 116.4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longitude first");
    }
}

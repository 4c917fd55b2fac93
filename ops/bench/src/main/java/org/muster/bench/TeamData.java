package org.muster.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.muster.geo.index.CapabilityVector;
import org.muster.geo.index.CapabilityVocabulary;
import org.muster.geo.index.PointFilter;
import org.muster.geo.index.TeamPoint;

/**
 * Synthetic but realistic teams: clustered around China's large cities (weights roughly by metropolitan
 * population), a few capabilities each from a 60-code catalogue with skewed frequencies, statuses and tiers in
 * plausible shares. Four marker capabilities are given independently to 10%, 3.125%, 1% and 0.1% of teams, so that
 * filters of known selectivity can be built. Deterministic for a seed.
 */
final class TeamData {

    static final long NOW = 1_750_000_000_000L;
    static final int CATALOGUE = 60;

    static final int AVAILABLE = 1;
    static final int OUT_OF_SERVICE = 6;
    static final int UNREACHABLE = 7;
    static final int TIER_SOCIAL = 5;

    // lon, lat, weight (millions of inhabitants, roughly)
    static final double[][] CITIES = {
        {116.40, 39.90, 21}, {121.47, 31.23, 24}, {113.26, 23.13, 18}, {114.06, 22.54, 17}, {104.07, 30.57, 16},
        {106.55, 29.56, 16}, {117.20, 39.08, 13}, {114.30, 30.59, 12}, {108.94, 34.34, 12}, {120.16, 30.27, 12},
        {118.80, 32.06, 9}, {123.43, 41.80, 9}, {126.53, 45.80, 9}, {113.63, 34.75, 12}, {112.94, 28.23, 10},
        {102.83, 24.88, 8}, {117.12, 36.65, 9}, {120.38, 36.07, 10}, {121.61, 38.91, 7}, {114.51, 38.04, 11},
        {117.23, 31.82, 9}, {119.30, 26.08, 8}, {118.09, 24.48, 5}, {108.37, 22.82, 8}, {106.63, 26.65, 6},
        {115.86, 28.68, 6}, {112.55, 37.87, 5}, {103.83, 36.06, 4}, {87.62, 43.83, 4}, {111.75, 40.84, 3},
        {106.23, 38.49, 3}, {101.78, 36.62, 2}, {91.13, 29.65, 1}, {110.33, 20.03, 3}, {125.32, 43.82, 9},
        {120.58, 31.30, 12}, {113.12, 23.02, 9}, {113.75, 23.02, 10}, {120.30, 31.57, 7}, {121.55, 29.87, 9},
    };

    final CapabilityVocabulary vocabulary = new CapabilityVocabulary();
    final int[] catalogue = new int[CATALOGUE];
    final int sel10;
    final int sel3;
    final int sel1;
    final int sel01;
    private final double totalWeight;

    TeamData() {
        for (int i = 0; i < CATALOGUE; i++) {
            catalogue[i] = vocabulary.idOf(String.format("CAP_%02d", i));
        }
        sel10 = vocabulary.idOf("MARK_10");
        sel3 = vocabulary.idOf("MARK_3");
        sel1 = vocabulary.idOf("MARK_1");
        sel01 = vocabulary.idOf("MARK_0_1");
        double w = 0;
        for (double[] c : CITIES) {
            w += c[2];
        }
        totalWeight = w;
    }

    /** A position: 85% around cities (half within ~30 km, half within ~100 km), 15% spread over the country. */
    double[] position(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        if (u < 0.85) {
            double pick = rnd.nextDouble() * totalWeight;
            double[] city = CITIES[CITIES.length - 1];
            for (double[] c : CITIES) {
                pick -= c[2];
                if (pick <= 0) {
                    city = c;
                    break;
                }
            }
            double sigma = rnd.nextBoolean() ? 0.3 : 1.0;
            return new double[] {clamp(city[0] + gaussian(rnd) * sigma, 73.5, 135.0),
                    clamp(city[1] + gaussian(rnd) * sigma, 18.0, 53.5)};
        }
        if (u < 0.95) {
            return new double[] {98 + rnd.nextDouble() * 25, 21 + rnd.nextDouble() * 21};
        }
        return new double[] {73.5 + rnd.nextDouble() * 61.5, 18 + rnd.nextDouble() * 35.5};
    }

    TeamPoint team(String id, SplittableRandom rnd) {
        double[] p = position(rnd);
        Map<Integer, Double> caps = new HashMap<>();
        int n = 3 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            // Skewed: CAP_00 is common, CAP_59 rare (about a 1/(rank+3) law).
            int rank = (int) Math.min(CATALOGUE - 1, Math.floor(Math.exp(rnd.nextDouble() * Math.log(CATALOGUE + 3)) - 1));
            caps.put(catalogue[Math.max(0, rank)], (double) (1 + rnd.nextInt(20)) * 100);
        }
        if (rnd.nextDouble() < 0.10) {
            caps.put(sel10, 1.0);
        }
        if (rnd.nextDouble() < 0.03125) {
            caps.put(sel3, 1.0);
        }
        if (rnd.nextDouble() < 0.01) {
            caps.put(sel1, 1.0);
        }
        if (rnd.nextDouble() < 0.001) {
            caps.put(sel01, 1.0);
        }
        double s = rnd.nextDouble();
        int status = s < 0.70 ? AVAILABLE : s < 0.76 ? 2 : s < 0.81 ? 3 : s < 0.88 ? 4 : s < 0.94875 ? 5
                : s < 0.98 ? OUT_OF_SERVICE : UNREACHABLE;
        double t = rnd.nextDouble();
        int tier = t < 0.05 ? TIER_SOCIAL : t < 0.25 ? 1 : t < 0.40 ? 2 : t < 0.45 ? 3 : t < 0.75 ? 4 : 6;
        double tr = rnd.nextDouble();
        int transport = tr < 0.80 ? 1 : tr < 0.92 ? 2 : tr < 0.98 ? 3 : 4;
        long fix = NOW - (long) (rnd.nextDouble() * rnd.nextDouble() * 3_600_000L);
        return new TeamPoint(id, p[0], p[1], fix, status, tier, transport, CapabilityVector.of(caps));
    }

    /** The filters of the query benchmark, by name, with the share of teams each should match. */
    PointFilter filter(String name) {
        PointFilter any = PointFilter.any();
        return switch (name) {
            case "all_100" -> any;
            case "cap_10" -> any.withRequiredCapabilities(sel10);
            case "cap_1" -> any.withRequiredCapabilities(sel1);
            case "cap_0.1" -> any.withRequiredCapabilities(sel01);
            // Two common-ish conditions whose conjunction is rare: status 3.1% and a 3.1% capability.
            case "status+cap_0.1" -> any.withStatusMask(PointFilter.bit(OUT_OF_SERVICE)).withRequiredCapabilities(sel3);
            // No capability at all, only attributes: status 2% and tier 5%. The hardest case for the index.
            case "status+tier_0.1" -> any.withStatusMask(PointFilter.bit(UNREACHABLE))
                    .withTierMask(PointFilter.bit(TIER_SOCIAL));
            // What a dispatcher asks most: available, fresh within 30 min, one catalogue capability.
            case "avail+fresh+cap" -> any.withStatusMask(PointFilter.bit(AVAILABLE))
                    .withMinFixTimeMs(NOW - 30 * 60_000L).withRequiredCapabilities(catalogue[20]);
            default -> throw new IllegalArgumentException("unknown filter " + name);
        };
    }

    static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}

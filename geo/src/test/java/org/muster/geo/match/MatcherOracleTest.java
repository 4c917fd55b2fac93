package org.muster.geo.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.muster.geo.crs.Geodesy;
import org.muster.geo.index.CapabilityVector;
import org.muster.geo.index.CapabilityVocabulary;
import org.muster.geo.index.MovingPointIndex;
import org.muster.geo.index.TeamPoint;
import org.muster.geo.zone.BlockedZones;
import org.muster.geo.zone.Zone;

/**
 * The matcher against {@link ReferenceMatcher}, the straightforward version it was optimised from, on random
 * fleets and requests: the same recommendation, field for field, every time. The cases are built to reach every
 * path: quantities that need k to grow to its cap, teams ruled out inside blocked areas, incidents inside one,
 * requirements no team has, small radii and limits.
 */
class MatcherOracleTest {

    private static final long NOW = 1_750_000_000_000L;
    private static final String[] CODES = {"PUMPING", "LIFTING", "MEDICAL", "POWER", "BOATS", "DRONES"};

    @Test
    void recommendsExactlyWhatTheReferenceDoes() {
        Random rnd = new Random(20240611);
        int grown = 0;
        int blockedCases = 0;
        for (int fleet = 0; fleet < 6; fleet++) {
            CapabilityVocabulary vocabulary = new CapabilityVocabulary();
            MovingPointIndex index = new MovingPointIndex(4 + rnd.nextInt(30));
            double[][] centres = new double[3 + rnd.nextInt(4)][];
            for (int c = 0; c < centres.length; c++) {
                centres[c] = new double[] {100 + rnd.nextDouble() * 15, 25 + rnd.nextDouble() * 12};
            }
            int teams = 500 + rnd.nextInt(4000);
            for (int i = 0; i < teams; i++) {
                double[] c = centres[rnd.nextInt(centres.length)];
                double spread = rnd.nextBoolean() ? 0.2 : 1.5;
                double lon = c[0] + rnd.nextGaussian() * spread;
                double lat = c[1] + rnd.nextGaussian() * spread;
                Map<Integer, Double> caps = new HashMap<>();
                for (int j = 0; j < CODES.length; j++) {
                    // Skewed: the first codes are common, the last rare.
                    if (rnd.nextDouble() < 0.6 / (j + 1)) {
                        caps.put(vocabulary.idOf(CODES[j]), (double) (1 + rnd.nextInt(20)) * 100);
                    }
                }
                int status = rnd.nextDouble() < 0.6 ? MatchRequest.STATUS_AVAILABLE : rnd.nextInt(8);
                long age = (long) (rnd.nextDouble() * rnd.nextDouble() * 8 * 3_600_000L);
                index.upsert(new TeamPoint("t" + i, lon, lat, NOW - age, status, rnd.nextInt(4), rnd.nextInt(5),
                        CapabilityVector.of(caps)));
            }
            Matcher matcher = new Matcher(index, vocabulary, SpeedProfileEtaModel.defaults());
            ReferenceMatcher reference = new ReferenceMatcher(index, vocabulary, SpeedProfileEtaModel.defaults());
            for (int q = 0; q < 60; q++) {
                MatchRequest req = request(rnd, centres);
                blockedCases += req.blocked() == null ? 0 : 1;
                for (RequirementSpec s : req.requirements()) {
                    grown += s.quantity() > 20_000 ? 1 : 0;
                }
                Recommendation expected = reference.recommend(req);
                assertThat(matcher.recommend(req)).as("fleet %d, request %d: %s", fleet, q, req)
                        .isEqualTo(expected);
            }
        }
        assertThat(grown).as("requirements large enough to make k grow").isGreaterThan(50);
        assertThat(blockedCases).as("requests with blocked areas").isGreaterThan(100);
    }

    private static MatchRequest request(Random rnd, double[][] centres) {
        double[] c = centres[rnd.nextInt(centres.length)];
        double lon = c[0] + rnd.nextGaussian() * 0.5;
        double lat = c[1] + rnd.nextGaussian() * 0.5;
        List<RequirementSpec> specs = new ArrayList<>();
        int m = 1 + rnd.nextInt(5);
        for (int r = 0; r < m; r++) {
            String code = rnd.nextInt(12) == 0 ? "UNKNOWN_" + r : CODES[rnd.nextInt(CODES.length)];
            double quantity = switch (rnd.nextInt(4)) {
                case 0 -> 1 + rnd.nextInt(500);
                case 1 -> 500 + rnd.nextInt(5000);
                case 2 -> 5000 + rnd.nextInt(30_000);
                default -> 50_000 + rnd.nextInt(2_000_000);
            };
            specs.add(new RequirementSpec(code, quantity, rnd.nextBoolean() ? 0 : 600 + rnd.nextInt(7200)));
        }
        MatchRequest req = MatchRequest.of(lon, lat, specs, NOW);
        if (rnd.nextInt(3) == 0) {
            req = req.withLimitPerRequirement(1 + rnd.nextInt(15));
        }
        if (rnd.nextInt(3) == 0) {
            req = req.withMaxRadiusMeters(20_000 + rnd.nextDouble() * 400_000);
        }
        if (rnd.nextInt(4) == 0) {
            req = req.withMaxPositionAgeMs(rnd.nextInt(4) * 3_600_000L);
        }
        if (rnd.nextInt(5) == 0) {
            req = req.withAvailableStatusMask(rnd.nextInt(256));
        }
        if (rnd.nextInt(4) != 0) {
            List<Zone> zones = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int z = 0; z < n; z++) {
                // Mostly near the incident (the case that costs), sometimes on it, sometimes anywhere nearby.
                double dist = rnd.nextInt(6) == 0 ? 0 : rnd.nextDouble() * 60_000;
                double[] p = Geodesy.destination(lon, lat, rnd.nextDouble() * 360, dist);
                double h = 0.01 + rnd.nextDouble() * 0.3;
                if (rnd.nextBoolean()) {
                    zones.add(Zone.box("z" + z, p[0] - h, p[1] - h * 0.7, p[0] + h, p[1] + h * 0.7));
                } else {
                    zones.add(Zone.of("z" + z, new double[][] {{p[0] - h, p[1] - h}, {p[0] + h, p[1] - h / 2},
                            {p[0], p[1] + h}, {p[0] - h, p[1] - h}}));
                }
            }
            req = req.withBlocked(BlockedZones.of(zones));
        }
        return req;
    }
}
